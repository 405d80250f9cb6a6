using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using CallManager.Domain.Notifications;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Privacy;

/// <summary>What an erasure changed (counts only: the person's values are gone).</summary>
public sealed record ErasureResult(string UserId, int Memberships, int Dossiers, int Mails, int AuditValues);

/// <summary>
/// Anonymises a person at their request or an administrator's: the account's identity, their organisation memberships, the
/// personal fields of the dossiers they created, their address and name in the outbox and the personal values audit entries
/// refer to; figures, decisions, reviews (whose
/// author is shown through the anonymised account) and the audit chain stay. Refused, with the reason, while the person
/// holds a live grant or sits on the jury of a call not yet closed, and for an administrator account.
/// </summary>
public sealed class ErasureService(CallManagerDbContext db, AuditLog audit, TimeProvider clock)
{
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
        await audit.AppendAsync(actor, nameof(AppUser), userId, null, "person.erased", null, new { memberships, dossiers, mails, auditValues }, ct);
        await db.SaveChangesAsync(ct);
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

    /// <summary>Clears the fields the call's form marks personal in the dossiers the person created.</summary>
    private async Task<int> ErasePersonalFieldsAsync(string userId, CancellationToken ct)
    {
        var dossiers = await db.Set<Application>().Where(a => a.CreatedBy == userId).ToListAsync(ct);
        var calls = await db.Set<Call>().Where(c => dossiers.Select(d => d.CallId).Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var dossier in dossiers)
        {
            var answers = dossier.Answers.DeepClone().AsObject();
            foreach (var field in calls[dossier.CallId].Form.Fields.Where(f => f.Personal && answers.ContainsKey(f.Key))) answers[field.Key] = null;
            dossier.Answers = answers; // a new object, so the JSON column is seen as changed
        }
        return dossiers.Count;
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
