using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Common;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Web.Hosting;

namespace CallManager.Web.Api;

/// <summary>
/// Administration of the workflow runtime under <c>/api/workflows</c> (administrators only): definitions and
/// versions, instances with their journal, bookmarks and incidents, stimuli, retry, cancel, moving a timer.
/// </summary>
public sealed class WorkflowsApi : IEndpointGroup
{
    /// <summary>A stimulus sent by an administrator.</summary>
    public sealed record StimulusBody(string Name, string? CorrelationId = null, JsonNode? Payload = null, string? IdempotencyKey = null, Guid? InstanceId = null);

    /// <summary>Why an instance is cancelled.</summary>
    public sealed record CancelBody(string? Reason = null);

    /// <summary>The new due instant of a timer.</summary>
    public sealed record RescheduleBody(DateTimeOffset DueAt);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization(Roles.Administrator);
        group.MapGet("/definitions", (WorkflowQueries queries, CancellationToken ct) => queries.DefinitionsAsync(ct));
        group.MapGet("/instances", (WorkflowQueries queries, string? definitionId, WorkflowStatus? status, string? correlationId, int? skip, int? take, string? name, CancellationToken ct) =>
            queries.InstancesAsync(new(definitionId, status, correlationId, PageBounds.Skip(skip), PageBounds.Take(take), name), ct));
        group.MapGet("/instances/{id:guid}", (Guid id, WorkflowQueries queries, CancellationToken ct) => queries.InstanceAsync(id, ct));
        group.MapPost("/stimuli", SendStimulus);
        group.MapPost("/instances/{id:guid}/retry", (Guid id, IWorkflowRuntime runtime, CancellationToken ct) => runtime.RetryAsync(id, ct));
        group.MapPost("/instances/{id:guid}/cancel", (Guid id, CancelBody? body, IWorkflowRuntime runtime, CancellationToken ct) => runtime.CancelAsync(id, body?.Reason, ct));
        group.MapPut("/instances/{id:guid}/timers/{activityId}", async (Guid id, string activityId, RescheduleBody body, IWorkflowRuntime runtime, CancellationToken ct) =>
        {
            await runtime.RescheduleTimerAsync(id, activityId, body.DueAt, ct);
            return TypedResults.NoContent();
        });
    }

    private static Task<StimulusResult> SendStimulus(StimulusBody body, IWorkflowRuntime runtime, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Name))
            throw DomainException.Invalid("A stimulus needs a name.", new Dictionary<string, string[]> { ["name"] = ["Give the stimulus name, e.g. \"ManagerApproval\"."] });
        return runtime.StimulateAsync(new Stimulus(body.Name, body.CorrelationId, body.Payload, body.IdempotencyKey, body.InstanceId), ct);
    }
}
