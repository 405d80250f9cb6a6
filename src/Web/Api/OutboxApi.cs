using CallManager.Web.Hosting;
using CallManager.Domain.Accounts;
using CallManager.Domain.Notifications;

namespace CallManager.Web.Api;

/// <summary>The administrators' outbox endpoints: list mails by status, resend a failed one.</summary>
public sealed class OutboxApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/outbox").WithTags("Outbox").RequireAuthorization(Roles.Administrator);
        group.MapGet("/", async (OutboxStatus? status, OutboxAdministration outbox, CancellationToken ct) =>
            TypedResults.Ok(await outbox.ListAsync(status, cancellationToken: ct)));
        group.MapPost("/{id:guid}/resend", async (Guid id, OutboxAdministration outbox, CancellationToken ct) =>
            TypedResults.Ok(await outbox.ResendAsync(id, ct)));
    }
}
