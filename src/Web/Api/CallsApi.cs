using CallManager.Web.Hosting;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;

namespace CallManager.Web.Api;

/// <summary>Calls: administrators create, edit, publish, copy and close them; everyone reads published calls.</summary>
public sealed class CallsApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        var calls = endpoints.MapGroup("/api/calls").WithTags("Calls");
        calls.MapGet("/", async (HttpContext http, CallService service) =>
        {
            var actor = await http.ActorAsync();
            return TypedResults.Ok((await service.ListAsync(actor, http.RequestAborted)).Select(c => CallView.From(c, actor.Language)).ToList());
        });
        calls.MapGet("/{id:guid}", async (Guid id, HttpContext http, CallService service) =>
        {
            var actor = await http.ActorAsync();
            return TypedResults.Ok(CallView.From(await service.FindAsync(id, actor, http.RequestAborted), actor.Language));
        });

        var admin = calls.MapGroup("/").RequireAuthorization(Roles.Administrator);
        admin.MapPost("/", async (CallInput input, HttpContext http, CallService service) =>
        {
            var call = await service.CreateAsync(input, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/calls/{call.Id}", CallView.From(call));
        });
        admin.MapPut("/{id:guid}", async (Guid id, CallInput input, HttpContext http, CallService service) =>
            TypedResults.Ok(CallView.From(await service.UpdateAsync(id, input, await http.ActorAsync(), http.RequestAborted))));
        admin.MapPost("/{id:guid}/publish", async (Guid id, HttpContext http, CallService service) =>
            TypedResults.Ok(CallView.From(await service.PublishAsync(id, await http.ActorAsync(), http.RequestAborted))));
        admin.MapPost("/{id:guid}/close", async (Guid id, HttpContext http, CallService service) =>
            TypedResults.Ok(CallView.From(await service.CloseAsync(id, await http.ActorAsync(), http.RequestAborted))));
        admin.MapPost("/{id:guid}/copy", async (Guid id, HttpContext http, CallService service) =>
        {
            var copy = await service.CopyAsync(id, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/calls/{copy.Id}", CallView.From(copy));
        });
        admin.MapPost("/{id:guid}/late-exceptions", async (Guid id, LateExceptionInput input, HttpContext http, CallService service) =>
        {
            var e = await service.GrantLateExceptionAsync(id, input, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/calls/{id}/late-exceptions/{e.Id}", new { e.Id, e.OrganisationId, e.Until, e.Reason, e.GrantedBy, e.GrantedAt });
        });
    }
}
