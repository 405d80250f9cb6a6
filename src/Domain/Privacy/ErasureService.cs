using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Attachments;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants;
using CallManager.Domain.Notifications;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CallManager.Domain.Privacy;

/// <summary>What an erasure changed (counts only: the person's values are gone).</summary>
public sealed record ErasureResult(string UserId, int Memberships, int Dossiers, int Mails, int AuditValues);

/// <summary>
/// Anonymises a person at their request or an administrator's: the account's identity, their organisation memberships, the
/// personal fields of the dossiers they created (and of their submitted versions), the files of those fields, the generated
/// receipts and letters (made again from the anonymised rows), the name on a grant agreement, their address and name in the
/// outbox and the personal values audit entries refer to; figures, decisions, reviews (whose
/// author is shown through the anonymised account) and the audit chain stay. Refused, with the reason, while the person
/// holds a live grant or sits on the jury of a call not yet closed, and for an administrator account.
/// </summary>
public sealed class ErasureService(CallManagerDbContext db, AuditLog audit, IAttachmentStore store, TimeProvider clock, ILogger<ErasureService> logger)
{
    private static readonly Meter Meter = new("CallManager.Privacy.Erasure");
    private static readonly Counter<long> BlobFailures = Meter.CreateCounter<long>("callmanager.erasure.blob_delete_failures");

    /// <summary>The name an erased person's account shows from now on.</summary>
    public const string ErasedName = "Personne effacée";

    /// <summary>Erases <paramref name="userId"/>; the account can no longer sign in.</summary>
    public async Task<ErasureResult> EraseAsync(string userId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator && actor.UserId != userId) throw DomainException.Forbidden("Only the person or an administrator asks for an erasure.");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw DomainException.NotFound("The account");
        await RefuseWhileNeededAsync(user, ct);
        var (email, name) = (user.Email ?? "", user.DisplayName);
        var dossiers = await ErasePersonalFieldsAsync(userId, ct);
        var (documents, blobs) = await EraseDocumentsAsync(userId, ct);
        var mails = await EraseMailsAsync(email, name, ct);
        var memberships = await db.Set<OrganisationMember>().Where(m => m.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        // Audit entries refer to the person's values (AuditLog.Personal): blanking them leaves every link as it was.
        var now = clock.GetUtcNow();
        var auditValues = await db.Set<AuditPersonalValue>().Where(v => v.SubjectId == userId && v.Value != null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Value, (string?)null).SetProperty(v => v.ErasedAt, now), ct);
        AnonymiseAccount(user);
        await audit.AppendAsync(actor, nameof(AppUser), userId, null, "person.erased", null, new { memberships, dossiers, mails, auditValues, documents }, ct);
        await db.SaveChangesAsync(ct);
        foreach (var key in blobs) await DeleteBlobAsync(key, ct);
        return new ErasureResult(userId, memberships, dossiers, mails, auditValues);
    }

    private async Task RefuseWhileNeededAsync(AppUser user, CancellationToken ct)
    {
        var administrator = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                                   where ur.UserId == user.Id && r.Name == Roles.Administrator select ur).AnyAsync(ct);
        if (administrator) throw DomainException.Conflict("An administrator account cannot be erased; remove its administrator role first.");
        var organisations = db.Set<OrganisationMember>().Where(m => m.UserId == user.Id).Select(m => m.OrganisationId);
        var live = await db.Set<Grant>().Where(g => organisations.Contains(g.LeadOrganisationId) && g.Status != GrantStatus.Closed && g.Status != GrantStatus.Cancelled)
            .Select(g => g.Reference).FirstOrDefaultAsync(ct);
        if (live is not null) throw DomainException.Conflict($"The grant {live} is live: its holder's identity must be kept until it is closed.");
        var openCalls = db.Set<Call>().Where(c => c.Status != CallStatus.Closed).Select(c => c.Id);
        if (await db.Set<JuryMember>().AnyAsync(j => j.UserId == user.Id && openCalls.Contains(j.CallId), ct))
            throw DomainException.Conflict("This person sits on the jury of a call not yet closed: their reviews must stay attributable until it closes.");
    }

    /// <summary>
    /// Clears the fields the call's form marks personal in the dossiers the person created and in their submitted versions
    /// (the version keeps the fingerprint taken at submission: it proves what was sent, not what is kept).
    /// </summary>
    private async Task<int> ErasePersonalFieldsAsync(string userId, CancellationToken ct)
    {
        var dossiers = await db.Set<Application>().Where(a => a.CreatedBy == userId).ToListAsync(ct);
        var calls = await db.Set<Call>().Where(c => dossiers.Select(d => d.CallId).Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var ids = dossiers.Select(d => d.Id).ToList();
        var versions = await db.Set<ApplicationVersion>().Where(v => ids.Contains(v.ApplicationId)).ToListAsync(ct);
        foreach (var dossier in dossiers)
        {
            var personal = calls[dossier.CallId].Form.Fields.Where(f => f.Personal).Select(f => f.Key).ToList();
            var answers = dossier.Answers.DeepClone().AsObject();
            foreach (var key in personal.Where(answers.ContainsKey)) answers[key] = null;
            dossier.Answers = answers; // a new object, so the JSON column is seen as changed
            foreach (var version in versions.Where(v => v.ApplicationId == dossier.Id))
            {
                if (JsonNode.Parse(version.CanonicalApplication) is not JsonObject canonical || canonical["answers"] is not JsonObject kept) continue;
                foreach (var key in personal.Where(kept.ContainsKey)) kept[key] = null;
                version.CanonicalApplication = canonical.ToJsonString();
            }
        }
        return dossiers.Count;
    }

    /// <summary>
    /// Removes what holds the person's identity in a document: the files of personal fields, and the generated receipts and
    /// letters of their dossiers and grants (generated again, from the anonymised rows, when next asked for); the name on
    /// an accepted grant agreement. Returns the count and the stored files to delete after the commit.
    /// </summary>
    private async Task<(int Count, List<string> Blobs)> EraseDocumentsAsync(string userId, CancellationToken ct)
    {
        var dossiers = await db.Set<Application>().Where(a => a.CreatedBy == userId).Select(a => new { a.Id, a.CallId }).ToListAsync(ct);
        var ids = dossiers.Select(d => d.Id).ToList();
        var calls = dossiers.Select(d => d.CallId).Distinct().ToList();
        var personalFiles = (await db.Set<Call>().Where(c => calls.Contains(c.Id)).ToListAsync(ct))
            .SelectMany(c => c.Form.Fields.Where(f => f.Personal).Select(f => f.Key)).ToHashSet();
        var attachments = (await db.Set<Attachment>().Where(a => ids.Contains(a.ApplicationId)).ToListAsync(ct)).Where(a => personalFiles.Contains(a.FieldKey)).ToList();
        db.RemoveRange(attachments);
        var grants = await db.Set<Grant>().Where(g => ids.Contains(g.ApplicationId)).ToListAsync(ct);
        foreach (var grant in grants.Where(g => g.AgreementAcceptedByName is not null)) grant.AgreementAcceptedByName = ErasedName;
        var subjects = ids.Concat(grants.Select(g => g.Id)).ToList();
        var documents = await db.Set<GeneratedDocument>().Where(d => subjects.Contains(d.SubjectId)).ExecuteDeleteAsync(ct);
        return (attachments.Count + documents, attachments.Select(a => a.StorageKey).ToList());
    }

    private async Task DeleteBlobAsync(string key, CancellationToken ct)
    {
        try { await store.DeleteAsync(key, ct); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbUpdateException)
        {
            BlobFailures.Add(1);
            logger.LogWarning(e, "Erasure could not delete the stored document {Key}; its row is gone, the file stays until removed by hand", key);
        }
    }

    /// <summary>Replaces the person's address and name in the outbox's recipients, subjects and bodies.</summary>
    private async Task<int> EraseMailsAsync(string email, string name, CancellationToken ct)
    {
        if (email.Length == 0) return 0;
        var mails = await db.Set<OutboxMessage>().Where(m => m.Recipients.Contains(email)).ToListAsync(ct);
        foreach (var mail in mails) mail.Anonymise([email, name], "[effacé]");
        return mails.Count;
    }

    private void AnonymiseAccount(AppUser user)
    {
        var alias = $"erased-{user.Id[..Math.Min(8, user.Id.Length)]}@erased.invalid";
        user.UserName = user.Email = alias;
        user.NormalizedUserName = user.NormalizedEmail = alias.ToUpperInvariant();
        user.DisplayName = ErasedName;
        user.PhoneNumber = null;
        user.PasswordHash = null;
        user.EmailConfirmed = false;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.SecurityStamp = Guid.NewGuid().ToString("N"); // signs out every session and invalidates tokens
    }
}
