using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Grants;

/// <summary>
/// Which grant is "the grant of a dossier" when a dossier has had several (cancelled when it was unselected, a new one
/// when it was selected again): its live grant (not cancelled; at most one, a unique index sees to it), otherwise its
/// latest. Every lookup of a dossier's grant goes through here.
/// </summary>
public static class ApplicationGrants
{
    /// <summary>Orders grants with the current one first: live before cancelled, then the latest opened.</summary>
    public static IOrderedQueryable<Grant> CurrentFirst(this IQueryable<Grant> grants) =>
        grants.OrderBy(g => g.Status == GrantStatus.Cancelled).ThenByDescending(g => g.OpenedAt);

    /// <summary>The current grant of dossier <paramref name="applicationId"/> in <paramref name="grants"/> (a query), or null when it never had one.</summary>
    public static Task<Grant?> CurrentAsync(this IQueryable<Grant> grants, Guid applicationId, CancellationToken ct = default) =>
        grants.Where(g => g.ApplicationId == applicationId).CurrentFirst().FirstOrDefaultAsync(ct);

    /// <summary>The live grant of dossier <paramref name="applicationId"/> (awaiting signature, active or closed), or null.</summary>
    public static Task<Grant?> LiveAsync(this IQueryable<Grant> grants, Guid applicationId, CancellationToken ct = default) =>
        grants.FirstOrDefaultAsync(g => g.ApplicationId == applicationId && g.Status != GrantStatus.Cancelled, ct);

    /// <summary>Whether <paramref name="grant"/> is live: only one live grant per dossier may exist.</summary>
    public static bool IsLive(this Grant grant) => grant.Status != GrantStatus.Cancelled;
}
