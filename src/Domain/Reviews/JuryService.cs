using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

/// <summary>Administrators compose a call's jury: invite reviewers (creating their account when needed), list and remove members.</summary>
public sealed class JuryService(CallManagerDbContext db, AppUserManager users, AccountService accounts, CallService calls, ReviewMails mails,
    AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// Invites <see cref="InviteReviewerInput.Email"/> to the call's jury. Side effects: account created without password (or the
    /// existing one given the Reviewer role), jury member added, audit entry, invitation mail (set-password link for an account
    /// without password, sign-in link otherwise), saved together.
    /// </summary>
    public async Task<JuryMemberView> InviteAsync(Guid callId, InviteReviewerInput input, Actor actor, IReviewerLinks links, CancellationToken ct = default)
    {
        EnsureAdministrator(actor);
        var call = await calls.FindAsync(callId, actor, ct);
        var email = input.Email?.Trim() ?? "";
        if (email.Length == 0 || !email.Contains('@') || email.Length > 256)
            throw DomainException.Invalid($"'{email}' is not an e-mail address: give the reviewer's e-mail address.", Field("email", "An e-mail address is required."));
        if (input.MaxLoad is < 1 or > 500)
            throw DomainException.Invalid("maxLoad must be between 1 and 500 dossiers, or left out to use the call's maximum.", Field("maxLoad", "Between 1 and 500."));
        if (input.Language is not (null or "fr" or "en")) throw DomainException.Invalid("language must be \"fr\" or \"en\".", Field("language", "fr or en."));
        var themes = (input.Themes ?? []).Select(t => t?.Trim() ?? "").ToList();
        if (themes.Any(t => t.Length is 0 or > 100)) throw DomainException.Invalid("Every theme must be a word or phrase of 1 to 100 characters.", Field("themes", "Empty or too long theme."));

        var user = await EnsureReviewerAccountAsync(email, input, ct);
        if (await db.Set<JuryMember>().AnyAsync(j => j.CallId == callId && j.UserId == user.Id, ct))
            throw DomainException.Conflict($"{email} is already on the jury of {call.Code}.");
        var member = new JuryMember
        {
            CallId = callId, UserId = user.Id, Themes = themes.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), MaxLoad = input.MaxLoad,
            InvitedBy = actor.UserId, InvitedAt = clock.GetUtcNow(),
        };
        db.Add(member);
        await audit.AppendAsync(actor, nameof(JuryMember), member.Id, callId, "jury.invited", null, new { Email = audit.Personal(user.Id, user.Email), member.Themes, member.MaxLoad }, ct);
        var hasPassword = await users.HasPasswordAsync(user);
        var link = hasPassword ? links.SignIn() : await links.SetPasswordAsync(user);
        await mails.ToUserAsync(user, ReviewMails.Invitation, language => new
        {
            name = user.DisplayName, call = call.Title(language), code = call.Code, link, newAccount = !hasPassword,
            themes = string.Join(", ", member.Themes), deadline = CallClock.Format(call.ReviewDeadline, call.TimeZone, language),
        }, $"jury:{member.Id}", ct);
        await db.SaveChangesAsync(ct);
        return new JuryMemberView(user.Id, user.Email!, user.DisplayName, member.Themes, member.MaxLoad, member.InvitedAt, false, null, 0, 0, 0);
    }

    /// <summary>The call's jury with each member's confirmation state, load (assigned dossiers) and submitted reviews.</summary>
    public async Task<List<JuryMemberView>> ListAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        EnsureAdministrator(actor);
        await calls.FindAsync(callId, actor, ct);
        var rows = await db.Set<JuryMember>().AsNoTracking().Where(j => j.CallId == callId)
            .Join(db.Set<AppUser>(), j => j.UserId, u => u.Id, (j, u) => new
            {
                j, u.Email, u.DisplayName,
                Load = db.Set<Review>().Count(r => r.CallId == callId && r.ReviewerId == j.UserId),
                Submitted = db.Set<Review>().Count(r => r.CallId == callId && r.ReviewerId == j.UserId && r.Status == ReviewStatus.Submitted),
                Conflicts = db.Set<ConflictOfInterest>().Count(c => c.CallId == callId && c.UserId == j.UserId),
            }).ToListAsync(ct);
        return rows.OrderBy(r => r.Email).Select(r => new JuryMemberView(r.j.UserId, r.Email!, r.DisplayName, r.j.Themes, r.j.MaxLoad, r.j.InvitedAt,
            r.j.ConflictsConfirmedAt is not null, r.j.ConflictsConfirmedAt, r.Load, r.Submitted, r.Conflicts)).ToList();
    }

    /// <summary>Removes a member who has submitted no review of the call; their draft reviews and conflicts on the call go with them.</summary>
    public async Task RemoveAsync(Guid callId, string userId, Actor actor, CancellationToken ct = default)
    {
        EnsureAdministrator(actor);
        await calls.FindAsync(callId, actor, ct);
        var member = await db.Set<JuryMember>().FirstOrDefaultAsync(j => j.CallId == callId && j.UserId == userId, ct)
            ?? throw DomainException.NotFound("The jury member");
        var reviews = await db.Set<Review>().Where(r => r.CallId == callId && r.ReviewerId == userId).ToListAsync(ct);
        var submitted = reviews.Count(r => r.Status == ReviewStatus.Submitted);
        if (submitted > 0)
            throw DomainException.Conflict($"This reviewer has submitted {submitted} review(s) of the call; a member with submitted reviews cannot be removed.");
        db.RemoveRange(reviews);
        db.RemoveRange(await db.Set<ConflictOfInterest>().Where(c => c.CallId == callId && c.UserId == userId).ToListAsync(ct));
        db.Remove(member);
        await audit.AppendAsync(actor, nameof(JuryMember), member.Id, callId, "jury.removed", new { userId, drafts = reviews.Count }, null, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The calls on whose jury <paramref name="actor"/> sits.</summary>
    public Task<List<JuryMember>> MembershipsAsync(Actor actor, CancellationToken ct = default) =>
        db.Set<JuryMember>().AsNoTracking().Where(j => j.UserId == actor.UserId).ToListAsync(ct);

    private async Task<AppUser> EnsureReviewerAccountAsync(string email, InviteReviewerInput input, CancellationToken ct)
    {
        await accounts.EnsureRolesAsync();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser
            {
                UserName = email, Email = email, EmailConfirmed = true, PreferredLanguage = input.Language ?? "fr",
                DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? email.Split('@')[0] : input.DisplayName.Trim(),
            };
            Check(await users.CreateWithoutPasswordAsync(user, Roles.Reviewer), "create the reviewer's account");
        }
        else if (!await users.IsInRoleAsync(user, Roles.Reviewer))
        {
            Check(await users.AddToRoleAsync(user, Roles.Reviewer), "give the account the Reviewer role");
        }
        return user;
    }

    // Identity's messages come in the reader's language already: a value of the refusal, around a template that is translated.
    private static void Check(IdentityResult result, LocalizableText what)
    {
        if (!result.Succeeded) throw DomainException.Invalid($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }

    internal static void EnsureAdministrator(Actor actor)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators manage juries and assignments.");
    }

    private static Dictionary<string, LocalizableText[]> Field(string name, LocalizableText message) => new() { [name] = [message] };
}
