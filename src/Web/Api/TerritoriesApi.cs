using CallManager.Domain.Territories;
using CallManager.Web.Hosting;

namespace CallManager.Web.Api;

/// <summary>The official French administrative divisions the pickers offer (public reference data, read only).</summary>
public sealed class TerritoriesApi : IEndpointGroup
{
    /// <summary>A commune as a picker shows it: <c>Label</c> is what the form sends back.</summary>
    public sealed record CommuneOption(string Code, string Name, string Departement, string DepartementName, string Label);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/territories").WithTags("Territories").AllowAnonymous();
        group.MapGet("/communes", (string? q, int? limit, Territories territories) =>
            TypedResults.Ok(territories.SearchCommunes(q, limit ?? 20).Select(c => new CommuneOption(c.Code, c.Name, c.Departement,
                territories.Departement(c.Departement)?.Name ?? c.Departement, Territories.Label(c))).ToList()));
        group.MapGet("/departements", (Territories territories) => TypedResults.Ok(territories.Departements));
        group.MapGet("/regions", (Territories territories) =>
            TypedResults.Ok(territories.Regions.Select(r => new { r.Code, r.Name }).ToList()));
        group.MapGet("/source", (Territories territories) => TypedResults.Ok(new { territories.Source }));
    }
}
