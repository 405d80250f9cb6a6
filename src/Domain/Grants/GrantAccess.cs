using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Grants;

/// <summary>
/// The resource rule for grants: administrators see all; people acting for the lead organisation see theirs; anyone
/// else sees none. A grant the caller may not see is reported as not found, so its existence does not leak.
/// </summary>
public sealed class GrantAccess(CallManagerDbContext db)
{
    /// <summary>The grants <paramref name="actor"/> may read.</summary>
    public IQueryable<Grant> Visible(Actor actor)
    {
        var all = db.Set<Grant>();
        if (actor.IsAdministrator) return all;
        if (!actor.IsAuthenticated) return all.Where(_ => false);
        return all.Where(g => db.Set<OrganisationMember>().Any(m => m.OrganisationId == g.LeadOrganisationId && m.UserId == actor.UserId));
    }

    /// <summary>The grant with its tranches and reports (tracked), or NotFound when absent or not visible.</summary>
    public async Task<Grant> LoadAsync(Guid id, Actor actor, CancellationToken ct = default) =>
        await Visible(actor).Include(g => g.Tranches).Include(g => g.Reports).AsSplitQuery().FirstOrDefaultAsync(g => g.Id == id, ct)
        ?? throw DomainException.NotFound("The grant");

    /// <summary>Like <see cref="LoadAsync"/>, then Forbidden unless <paramref name="actor"/> is an administrator.</summary>
    public async Task<Grant> LoadForAdministratorAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var grant = await LoadAsync(id, actor, ct);
        return actor.IsAdministrator ? grant : throw DomainException.Forbidden("Only administrators do this on a grant.");
    }

    /// <summary>Like <see cref="LoadAsync"/>, then Forbidden unless <paramref name="actor"/> acts for the lead organisation.</summary>
    public async Task<Grant> LoadForBeneficiaryAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var grant = await LoadAsync(id, actor, ct);
        var member = await db.Set<OrganisationMember>().AnyAsync(m => m.OrganisationId == grant.LeadOrganisationId && m.UserId == actor.UserId, ct);
        return member ? grant : throw DomainException.Forbidden("Only people acting for the beneficiary organisation submit its reports.");
    }
}
