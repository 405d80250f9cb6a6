using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Privacy;

/// <summary>
/// Records every opening of a dossier or one of its documents by a juror or an administrator, and lists them per dossier for
/// administrators. Applicants reading their own dossier are not recorded: the record is about others reading it.
/// </summary>
public sealed class ReadingLog(CallManagerDbContext db, TimeProvider clock)
{
    /// <summary>One opening, as administrators see it.</summary>
    public sealed record ReadView(DateTimeOffset At, string ReaderId, string? ReaderName, string? ReaderEmail, string ReaderRole, string What, Guid? AttachmentId, string Channel);

    /// <summary>Records that <paramref name="actor"/> opened the dossier (or its document <paramref name="attachmentId"/>), saved now.</summary>
    public async Task RecordAsync(Actor actor, Guid applicationId, Guid? attachmentId, string channel, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated || actor.UserId == Actor.System.UserId) return;
        var role = actor.IsAdministrator ? "administrator" : actor.IsReviewer ? "reviewer" : null;
        if (role is null) return;
        var callId = await db.Set<Application>().AsNoTracking().Where(a => a.Id == applicationId).Select(a => (Guid?)a.CallId).FirstOrDefaultAsync(ct);
        if (callId is null) return; // nothing was opened: the caller answers 404
        var now = clock.GetUtcNow();
        await db.Set<ApplicationRead>().AddAsync(new ApplicationRead
        {
            ApplicationId = applicationId, CallId = callId.Value, AttachmentId = attachmentId, ReaderId = actor.UserId, ReaderRole = role,
            Channel = channel, At = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero),
        }, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Who opened the dossier and its documents, newest first (administrators only).</summary>
    public async Task<IReadOnlyList<ReadView>> ForDossierAsync(Guid applicationId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators see who read a dossier.");
        if (!await db.Set<Application>().AnyAsync(a => a.Id == applicationId, ct)) throw DomainException.NotFound("The dossier");
        var reads = await db.Set<ApplicationRead>().AsNoTracking().Where(r => r.ApplicationId == applicationId).ToListAsync(ct);
        var ids = reads.Select(r => r.ReaderId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var names = await db.Set<Submissions.Attachment>().AsNoTracking().Where(a => a.ApplicationId == applicationId).ToDictionaryAsync(a => a.Id, a => a.OriginalName, ct);
        return reads.OrderByDescending(r => r.At).ThenBy(r => r.Id)
            .Select(r => new ReadView(r.At, r.ReaderId, users.GetValueOrDefault(r.ReaderId)?.DisplayName, users.GetValueOrDefault(r.ReaderId)?.Email, r.ReaderRole,
                r.AttachmentId is { } a ? names.GetValueOrDefault(a, "document") : "dossier", r.AttachmentId, r.Channel)).ToList();
    }
}
