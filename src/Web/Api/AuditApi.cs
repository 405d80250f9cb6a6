using CallManager.Web.Hosting;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;

namespace CallManager.Web.Api;

/// <summary>The audit log of a call and the verification of the whole chain (administrators).</summary>
public sealed class AuditApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/calls/{id:guid}/audit", async (Guid id, HttpContext http, CallService calls, AuditLog audit) =>
        {
            await calls.FindAsync(id, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Ok(await audit.ForCallAsync(id, http.RequestAborted));
        }).RequireAuthorization(Roles.Administrator).WithTags("Audit");
        endpoints.MapGet("/api/audit/verify", async (AuditLog audit, HttpContext http) => TypedResults.Ok(await audit.VerifyAsync(http.RequestAborted)))
            .RequireAuthorization(Roles.Administrator).WithTags("Audit");
    }
}
