using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using CallManager.Domain.Attachments;
using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Privacy.Exports;

/// <summary>
/// A person's export (GDPR art. 15 and 20): asked for by the person or an administrator, built by a background job
/// (<see cref="PersonalExportJob"/>) into one archive kept in the attachment store, announced by a mail whose link only the
/// person, signed in, can open, until it expires. Each step is audited without a personal value.
/// </summary>
public sealed class PersonalExportService(CallManagerDbContext db, PersonalDataCollector collector, IAttachmentStore store, IMailOutbox outbox,
    AuditLog audit, IBackgroundJobClient jobs, IOptions<PersonalExportOptions> options, TimeProvider clock, ILogger<PersonalExportService> logger)
{
    private static readonly Meter Meter = new("CallManager.Privacy.Exports");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("callmanager.privacy.export_failures");

    /// <summary>The mail template announcing a ready export.</summary>
    public const string ReadyMail = "privacy-export-ready";

    /// <summary>
    /// Records the request and queues its job; <paramref name="linkBase"/> is the site's address the mailed link starts with.
    /// Refused while an export of the same person is still being built.
    /// </summary>
    public async Task<PersonalExport> RequestAsync(string userId, Actor actor, string linkBase, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator && actor.UserId != userId) throw DomainException.Forbidden("Only the person or an administrator asks for a person's export.");
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct)) throw DomainException.NotFound("The account");
        if (await db.Set<PersonalExport>().AnyAsync(e => e.UserId == userId && (e.Status == PersonalExportStatus.Queued || e.Status == PersonalExportStatus.Running), ct))
            throw DomainException.Conflict("An export of this person is already being prepared: its link will be mailed when it is ready.");
        var export = new PersonalExport { UserId = userId, RequestedBy = actor.UserId, RequestedAt = clock.GetUtcNow(), LinkBase = linkBase.TrimEnd('/') };
        db.Add(export);
        await audit.AppendAsync(actor, nameof(PersonalExport), export.Id, null, "person.export-requested", null, new { userId }, ct);
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<PersonalExportJob>(job => job.RunAsync(export.Id, CancellationToken.None));
        return export;
    }

    /// <summary>Builds the archive of a queued export, stores it, and mails the person its link (the job's work).</summary>
    public async Task BuildAsync(Guid exportId, CancellationToken ct = default)
    {
        var export = await db.Set<PersonalExport>().FirstOrDefaultAsync(e => e.Id == exportId, ct);
        if (export is null || export.Status is PersonalExportStatus.Ready or PersonalExportStatus.Expired) return; // a retried job finds it done
        export.Status = PersonalExportStatus.Running;
        export.Progress = 0;
        await db.SaveChangesAsync(ct);
        try
        {
            var data = await collector.CollectAsync(export.UserId, async percent =>
            {
                export.Progress = percent;
                await db.SaveChangesAsync(ct);
            }, ct);
            var now = clock.GetUtcNow();
            using var archive = new MemoryStream();
            await PersonalExportArchive.WriteAsync(data, store, now, archive, ct);
            archive.Position = 0;
            var stored = await store.PutAsync(archive, "application/zip", FileName(export), ct);
            (export.Status, export.Progress, export.CompletedAt, export.ExpiresAt) = (PersonalExportStatus.Ready, 100, now, now + options.Value.Lifetime);
            (export.StorageKey, export.Size, export.Sha256) = (stored.Key, stored.Length, stored.Sha256);
            await MailAsync(export, ct);
            await audit.AppendAsync(Actor.System, nameof(PersonalExport), export.Id, null, "person.exported", null,
                new { userId = export.UserId, rows = data.RowCount, files = data.Files.Count, size = stored.Length, sha256 = stored.Sha256 }, ct);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DomainException or IOException or DbUpdateException or InvalidOperationException)
        {
            Failures.Add(1);
            logger.LogWarning(e, "The personal export {ExportId} could not be built", exportId);
            db.ChangeTracker.Clear();
            await db.Set<PersonalExport>().Where(x => x.Id == exportId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, PersonalExportStatus.Failed).SetProperty(x => x.Failure, e.Message.Length > 2000 ? e.Message[..2000] : e.Message), ct);
        }
    }

    /// <summary>The person's exports, newest first (the person or an administrator).</summary>
    public async Task<IReadOnlyList<PersonalExport>> ForPersonAsync(string userId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator && actor.UserId != userId) throw DomainException.Forbidden("Only the person or an administrator sees a person's exports.");
        var exports = await db.Set<PersonalExport>().AsNoTracking().Where(e => e.UserId == userId).ToListAsync(ct);
        return exports.OrderByDescending(e => e.RequestedAt).ToList();
    }

    /// <summary>Opens a ready archive for its person; anyone else is told it does not exist, and an expired one says so.</summary>
    public async Task<(PersonalExport Export, AttachmentContent Content)> OpenAsync(Guid exportId, Actor actor, CancellationToken ct = default)
    {
        var export = await db.Set<PersonalExport>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == exportId, ct);
        // Even an administrator cannot download it: the archive is the person's, its link theirs alone.
        if (export is null || export.UserId != actor.UserId) throw DomainException.NotFound("The export");
        if (export.Status == PersonalExportStatus.Expired || export.ExpiresAt <= clock.GetUtcNow())
            throw DomainException.Conflict("This export has expired and its archive was deleted: ask for a new one.");
        if (export.Status != PersonalExportStatus.Ready || export.StorageKey is null)
            throw DomainException.Conflict("This export is not ready yet: its link will be mailed when it is.");
        var content = await store.GetAsync(export.StorageKey, ct) ?? throw DomainException.NotFound("The export's archive");
        return (export, content);
    }

    /// <summary>Deletes the archives past their download period; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var expired = await db.Set<PersonalExport>().Where(e => e.Status == PersonalExportStatus.Ready && e.ExpiresAt <= now).ToListAsync(ct);
        foreach (var export in expired)
        {
            if (export.StorageKey is { } key)
            {
                try { await store.DeleteAsync(key, ct); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbUpdateException)
                {
                    Failures.Add(1);
                    logger.LogWarning(e, "The expired export {ExportId}'s archive could not be deleted; it is tried again at the next run", export.Id);
                    continue;
                }
            }
            (export.Status, export.StorageKey) = (PersonalExportStatus.Expired, null);
        }
        await db.SaveChangesAsync(ct);
        return expired.Count(e => e.Status == PersonalExportStatus.Expired);
    }

    /// <summary>The link the mail and the account page give: the account page's download handler.</summary>
    public static string DownloadPath(Guid exportId) => $"/Account/Privacy?handler=Download&id={exportId}";

    private static string FileName(PersonalExport export) => $"callmanager-personal-data-{export.RequestedAt.UtcDateTime:yyyyMMdd}-{export.Id.ToString("N")[..8]}.zip";

    private async Task MailAsync(PersonalExport export, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == export.UserId, ct);
        if (string.IsNullOrEmpty(user.Email)) return;
        await outbox.EnqueueAsync(new TemplatedMail(ReadyMail, user.PreferredLanguage, [new MailRecipient(user.Email, user.DisplayName)], new
        {
            name = user.DisplayName,
            link = export.LinkBase + DownloadPath(export.Id),
            expires = export.ExpiresAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
            size = $"{Math.Max(1, (export.Size ?? 0) / 1024)} KB",
        }, export.Id.ToString()), ct);
    }

    /// <summary>The SHA-256 of an archive, as stored (for tests and the download's header).</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
