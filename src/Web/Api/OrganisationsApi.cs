using CallManager.Web.Hosting;
using CallManager.Domain.Organisations;

namespace CallManager.Web.Api;

/// <summary>Organisations applicants act for.</summary>
public sealed class OrganisationsApi : IEndpointGroup
{
    /// <summary>Body of <c>POST /api/organisations/{id}/members</c>.</summary>
    public sealed record MemberInput(string? Email);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization();
        group.MapPost("/", async (OrganisationInput input, HttpContext http, OrganisationService service) =>
        {
            var organisation = await service.CreateAsync(input, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/organisations/{organisation.Id}", organisation);
        });
        group.MapGet("/mine", async (HttpContext http, OrganisationService service) =>
            TypedResults.Ok(await service.MineAsync(await http.ActorAsync(), http.RequestAborted)));
        group.MapPost("/{id:guid}/members", async (Guid id, MemberInput input, HttpContext http, OrganisationService service) =>
        {
            await service.AddMemberAsync(id, input.Email, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.NoContent();
        });
    }
}
