using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

/// <summary>
/// The one definition of "reviewer conflicted with dossier": a conflict declared on the dossier's call with its lead or any
/// partner organisation. Assignment, reading and ranking all ask here.
/// </summary>
public static class ConflictRules
{
    /// <summary>Pairs (dossier, reviewer) of <paramref name="callId"/> that must never meet.</summary>
    /// <remarks>Materialise before filtering (<c>ToListAsync</c>): EF cannot translate a filter on the positional record's members.</remarks>
    public static IQueryable<ConflictedPair> ConflictedPairs(CallManagerDbContext db, Guid callId) =>
        from c in db.Set<ConflictOfInterest>()
        where c.CallId == callId
        from a in db.Set<Application>()
        where a.CallId == callId && (a.LeadOrganisationId == c.OrganisationId || a.Partners.Any(p => p.OrganisationId == c.OrganisationId))
        select new ConflictedPair(a.Id, c.UserId);

    /// <summary>Whether <paramref name="userId"/> is conflicted with the dossier <paramref name="applicationId"/>.</summary>
    public static Task<bool> IsConflictedAsync(CallManagerDbContext db, Guid applicationId, string userId, CancellationToken ct = default) =>
        db.Set<Application>().Where(a => a.Id == applicationId).AnyAsync(a => db.Set<ConflictOfInterest>().Any(c =>
            c.CallId == a.CallId && c.UserId == userId &&
            (c.OrganisationId == a.LeadOrganisationId || a.Partners.Any(p => p.OrganisationId == c.OrganisationId))), ct);

    /// <summary>The dossiers of <paramref name="dossiers"/> that <paramref name="userId"/> is not conflicted with (same rule, inside a query).</summary>
    public static IQueryable<Application> NotConflictedWith(this IQueryable<Application> dossiers, CallManagerDbContext db, string userId) =>
        dossiers.Where(a => !db.Set<ConflictOfInterest>().Any(c =>
            c.CallId == a.CallId && c.UserId == userId &&
            (c.OrganisationId == a.LeadOrganisationId || a.Partners.Any(p => p.OrganisationId == c.OrganisationId))));
}

/// <summary>A dossier and a reviewer who must never meet.</summary>
public sealed record ConflictedPair(Guid ApplicationId, string UserId);
