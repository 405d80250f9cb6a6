using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Calls;

/// <summary>Reads the individual deadline extensions granted on a call, for administrators.</summary>
public sealed class LateExceptionQueries(CallManagerDbContext db)
{
    /// <summary>A granted exception with the organisation's name.</summary>
    public sealed record LateExceptionView(Guid Id, Guid OrganisationId, string OrganisationName, DateTimeOffset Until, string Reason, string GrantedBy, DateTimeOffset GrantedAt);

    /// <summary>The exceptions of <paramref name="callId"/>, latest granted first.</summary>
    public async Task<List<LateExceptionView>> ForCallAsync(Guid callId, CancellationToken ct = default)
    {
        var rows = await (from e in db.Set<LateException>().AsNoTracking()
                          join o in db.Set<Organisation>().AsNoTracking() on e.OrganisationId equals o.Id
                          where e.CallId == callId
                          select new LateExceptionView(e.Id, e.OrganisationId, o.Name, e.Until, e.Reason, e.GrantedBy, e.GrantedAt)).ToListAsync(ct);
        return rows.OrderByDescending(r => r.GrantedAt).ToList();
    }
}
