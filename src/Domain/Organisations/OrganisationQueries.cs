using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Organisations;

/// <summary>Reads organisations by id (a dossier's partners, for its editor).</summary>
public sealed class OrganisationQueries(CallManagerDbContext db)
{
    /// <summary>The organisations with <paramref name="ids"/>, in the order of <paramref name="ids"/>.</summary>
    public async Task<List<Organisation>> ByIdsAsync(IReadOnlyList<Guid> ids, CancellationToken ct = default)
    {
        var found = await db.Set<Organisation>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }
}
