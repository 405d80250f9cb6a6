using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

/// <summary>Declarations of conflicts of interest: jury members declare and confirm; administrators add and lock.</summary>
public sealed class ConflictService(CallManagerDbContext db, CallService calls, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// Declares a conflict with an organisation for the caller (or, for an administrator, for member <see cref="DeclareConflictInput.UserId"/>,
    /// possibly locked). Side effects: the member's draft reviews of now-conflicted dossiers are removed (listed in the result,
    /// with the submitted ones the ranking will now ignore), audit entry, saved together.
    /// </summary>
    public async Task<ConflictDeclared> DeclareAsync(Guid callId, DeclareConflictInput input, Actor actor, CancellationToken ct = default)
    {
        await calls.FindAsync(callId, actor, ct);
        var userId = TargetUser(input, actor);
        await ReviewerGate.MemberAsync(db, callId, userId, ct);
        if (input.OrganisationId is not { } organisationId)
            throw DomainException.Invalid("organisationId is required: give the organisation you are linked to.", Field("organisationId", "Required."));
        if (input.Type is not { } type) throw DomainException.Invalid("type is required: Employee, BoardMember, Partner, Family or Other.", Field("type", "Required."));
        if (input.Note is { Length: > 1000 }) throw DomainException.Invalid("The note is limited to 1000 characters.", Field("note", "Too long."));
        var organisation = await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct)
            ?? throw DomainException.Invalid("No organisation has this id: pick one from the list of organisations.", Field("organisationId", "Unknown organisation."));
        if (await db.Set<ConflictOfInterest>().AnyAsync(c => c.CallId == callId && c.UserId == userId && c.OrganisationId == organisationId, ct))
            throw DomainException.Conflict($"A conflict with {organisation.Name} is already declared for this reviewer on this call.");

        var conflict = new ConflictOfInterest
        {
            CallId = callId, UserId = userId, OrganisationId = organisationId, Type = type, Note = input.Note?.Trim(),
            Locked = input.Locked == true, DeclaredBy = actor.UserId, DeclaredAt = clock.GetUtcNow(),
        };
        db.Add(conflict);
        var affected = await AffectedReviewsAsync(callId, userId, organisationId, ct);
        var drafts = affected.Where(a => a.Review.Status == ReviewStatus.Draft).ToList();
        db.RemoveRange(drafts.Select(d => d.Review));
        await audit.AppendAsync(actor, nameof(ConflictOfInterest), conflict.Id, callId, "conflict.declared", null,
            new { userId, organisationId, type, conflict.Locked, removedDrafts = drafts.Select(d => d.Review.Id) }, ct);
        await db.SaveChangesAsync(ct);
        return new ConflictDeclared(View(conflict, organisation.Name),
            drafts.Select(d => new AffectedReview(d.Review.Id, d.Review.ApplicationId, d.Reference, ReviewStatus.Draft)).ToList(),
            affected.Where(a => a.Review.Status == ReviewStatus.Submitted)
                .Select(a => new AffectedReview(a.Review.Id, a.Review.ApplicationId, a.Reference, ReviewStatus.Submitted)).ToList());
    }

    /// <summary>Removes a conflict: a member removes their own unlocked ones; an administrator any.</summary>
    public async Task RemoveAsync(Guid callId, Guid conflictId, Actor actor, CancellationToken ct = default)
    {
        var conflict = await db.Set<ConflictOfInterest>().FirstOrDefaultAsync(c => c.Id == conflictId && c.CallId == callId, ct);
        if (conflict is null || (!actor.IsAdministrator && conflict.UserId != actor.UserId)) throw DomainException.NotFound("The conflict");
        if (conflict.Locked && !actor.IsAdministrator)
            throw DomainException.Forbidden("An administrator locked this conflict: only an administrator can remove it.");
        db.Remove(conflict);
        await audit.AppendAsync(actor, nameof(ConflictOfInterest), conflict.Id, callId, "conflict.removed",
            new { conflict.UserId, conflict.OrganisationId, conflict.Type }, null, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The caller confirms their declaration for the call (idempotent): from then on their assigned dossiers are visible.</summary>
    public async Task<ConflictDeclaration> ConfirmAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        await calls.FindAsync(callId, actor, ct);
        var member = await ReviewerGate.MemberAsync(db, callId, actor.UserId, ct);
        if (member.ConflictsConfirmedAt is null)
        {
            member.ConflictsConfirmedAt = clock.GetUtcNow();
            await audit.AppendAsync(actor, nameof(JuryMember), member.Id, callId, "conflicts.confirmed", null,
                new { conflicts = await db.Set<ConflictOfInterest>().CountAsync(c => c.CallId == callId && c.UserId == actor.UserId, ct) }, ct);
            await db.SaveChangesAsync(ct);
        }
        return new ConflictDeclaration(callId, true, member.ConflictsConfirmedAt, await ListRowsAsync(callId, actor.UserId, ct));
    }

    /// <summary>The caller's declaration for the call (every member's conflicts for an administrator, with no confirmation state).</summary>
    public async Task<ConflictDeclaration> ListAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        await calls.FindAsync(callId, actor, ct);
        if (actor.IsAdministrator) return new ConflictDeclaration(callId, false, null, await ListRowsAsync(callId, null, ct));
        var member = await ReviewerGate.MemberAsync(db, callId, actor.UserId, ct);
        return new ConflictDeclaration(callId, member.ConflictsConfirmedAt is not null, member.ConflictsConfirmedAt, await ListRowsAsync(callId, actor.UserId, ct));
    }

    /// <summary>
    /// The organisations a jury member may declare a conflict with: those leading or partnering a dossier of the call (drafts left out),
    /// by name. Only names are shown, so a member who has not yet confirmed sees no dossier.
    /// </summary>
    public async Task<List<ConflictCandidate>> CandidatesAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        await calls.FindAsync(callId, actor, ct);
        if (!actor.IsAdministrator) await ReviewerGate.MemberAsync(db, callId, actor.UserId, ct);
        var dossiers = db.Set<Application>().Where(a => a.CallId == callId && a.Status != ApplicationStatus.Draft);
        var ids = await dossiers.Select(a => a.LeadOrganisationId)
            .Concat(dossiers.SelectMany(a => a.Partners).Select(p => p.OrganisationId)).Distinct().ToListAsync(ct);
        var names = await db.Set<Organisation>().AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new ConflictCandidate(o.Id, o.Name)).ToListAsync(ct);
        return names.OrderBy(o => o.Name, StringComparer.CurrentCulture).ToList();
    }

    private static string TargetUser(DeclareConflictInput input, Actor actor)
    {
        if (actor.IsAdministrator)
            return string.IsNullOrWhiteSpace(input.UserId) ? throw DomainException.Invalid("userId is required: name the jury member the conflict is about.",
                Field("userId", "Required for administrators.")) : input.UserId;
        if (input.UserId is not null && input.UserId != actor.UserId) throw DomainException.Forbidden("You may only declare your own conflicts.");
        if (input.Locked == true) throw DomainException.Forbidden("Only administrators lock conflicts; leave out 'locked'.");
        return actor.UserId;
    }

    private async Task<List<(Review Review, string Reference)>> AffectedReviewsAsync(Guid callId, string userId, Guid organisationId, CancellationToken ct)
    {
        var rows = await db.Set<Review>().Where(r => r.CallId == callId && r.ReviewerId == userId)
            .Join(db.Set<Application>(), r => r.ApplicationId, a => a.Id, (r, a) => new { r, a.Reference, Hit = a.LeadOrganisationId == organisationId || a.Partners.Any(p => p.OrganisationId == organisationId) })
            .Where(x => x.Hit).ToListAsync(ct);
        return rows.OrderBy(x => x.Reference).Select(x => (x.r, x.Reference)).ToList();
    }

    private async Task<List<ConflictView>> ListRowsAsync(Guid callId, string? userId, CancellationToken ct)
    {
        var rows = await db.Set<ConflictOfInterest>().AsNoTracking().Where(c => c.CallId == callId && (userId == null || c.UserId == userId))
            .Join(db.Set<Organisation>(), c => c.OrganisationId, o => o.Id, (c, o) => new { c, o.Name }).ToListAsync(ct);
        return rows.OrderBy(r => r.c.UserId).ThenBy(r => r.Name).Select(r => View(r.c, r.Name)).ToList();
    }

    private static ConflictView View(ConflictOfInterest c, string organisation) =>
        new(c.Id, c.UserId, c.OrganisationId, organisation, c.Type, c.Note, c.Locked, c.DeclaredBy, c.DeclaredAt);

    private static Dictionary<string, LocalizableText[]> Field(string name, LocalizableText message) => new() { [name] = [message] };
}
