using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Common;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Instances;
using CallManager.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>A migration of instances from one version to another; with <c>dryRun</c> nothing changes (the default).</summary>
    public sealed record MigrationBody(int FromVersion, int ToVersion, bool DryRun = true, IReadOnlyList<Guid>? InstanceIds = null);

    /// <summary>A dry run or a migration: <c>plan</c> for a dry run, <c>result</c> otherwise.</summary>
    public sealed record MigrationAnswer(bool DryRun, DefinitionMigration.Plan? Plan, DefinitionMigration.Result? Result);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization(Roles.Administrator);
        group.MapGet("/definitions", (WorkflowQueries queries, CancellationToken ct) => queries.DefinitionsAsync(ct));
        MapDefinitions(group);
        group.MapGet("/instances", (WorkflowQueries queries, string? definitionId, WorkflowStatus? status, string? correlationId, int? skip, int? take, string? name, int? version, CancellationToken ct) =>
            queries.InstancesAsync(new(definitionId, status, correlationId, PageBounds.Skip(skip), PageBounds.Take(take), name, version), ct));
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

    /// <summary>Definitions managed while the app runs: validate and publish an upload, versions, comparison, migration of instances.</summary>
    private static void MapDefinitions(RouteGroupBuilder group)
    {
        group.MapPost("/definitions/validate", async (HttpContext http, DefinitionAdministration admin) =>
                TypedResults.Ok(await admin.ValidateAsync(await ReadUploadAsync(http, admin), http.RequestAborted)))
            .Accepts<JsonObject>("application/json", "multipart/form-data").DisableAntiforgery()
            .WithSummary("Validates a definition (JSON body, or multipart with one file part) without publishing it.");
        group.MapPost("/definitions", async Task<Results<Created<DefinitionAdministration.Publication>, Ok<DefinitionAdministration.Publication>>> (HttpContext http, DefinitionAdministration admin) =>
            {
                var publication = await admin.PublishAsync(await http.ActorAsync(), await ReadUploadAsync(http, admin), http.RequestAborted);
                return publication.Outcome == PublishOutcome.Published
                    ? TypedResults.Created($"/api/workflows/definitions/{Uri.EscapeDataString(publication.DefinitionId)}/versions/{publication.Version}", publication)
                    : TypedResults.Ok(publication);
            })
            .Accepts<JsonObject>("application/json", "multipart/form-data").DisableAntiforgery()
            .WithSummary("Publishes a definition as its next version (201), or nothing when it equals the latest (200); 422 lists its problems.");
        group.MapGet("/definitions/{definitionId}/versions", async (string definitionId, DefinitionAdministration admin, CancellationToken ct) =>
            TypedResults.Ok(await admin.VersionsAsync(definitionId, ct)));
        group.MapGet("/definitions/{definitionId}/versions/{version:int}", async (string definitionId, int version, DefinitionAdministration admin, CancellationToken ct) =>
            TypedResults.Ok(await admin.VersionAsync(definitionId, version, ct)));
        group.MapGet("/definitions/{definitionId}/compare", async (string definitionId, int from, int to, DefinitionAdministration admin, CancellationToken ct) =>
            TypedResults.Ok(await admin.CompareAsync(definitionId, from, to, ct)));
        group.MapPost("/definitions/{definitionId}/migrations", async (string definitionId, MigrationBody body, HttpContext http, DefinitionAdministration admin) =>
        {
            var request = new DefinitionMigration.Request(definitionId, body.FromVersion, body.ToVersion, body.InstanceIds);
            return TypedResults.Ok(body.DryRun
                ? new MigrationAnswer(true, await admin.PlanAsync(request, http.RequestAborted), null)
                : new MigrationAnswer(false, null, await admin.MigrateAsync(await http.ActorAsync(), request, http.RequestAborted)));
        }).WithSummary("Dry run (dryRun true, the default) or migration of the unfinished instances of fromVersion to toVersion.");
    }

    /// <summary>The uploaded definition: the JSON body itself, or the one file part of a multipart form.</summary>
    private static async Task<DefinitionAdministration.Upload> ReadUploadAsync(HttpContext http, DefinitionAdministration admin)
    {
        var request = http.Request;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(http.RequestAborted);
            }
            catch (InvalidDataException e) // a multipart body without its parts or boundary is the client's mistake, not a 500
            {
                throw DomainException.Invalid($"The multipart form could not be read ({e.Message}). Send one file part with the definition (JSON).");
            }
            var file = form.Files.FirstOrDefault()
                ?? throw DomainException.Invalid("No file was sent: add one file part with the definition (JSON) to the form.");
            await using var content = file.OpenReadStream();
            return await admin.ReadAsync(file.FileName, content, file.Length, http.RequestAborted);
        }
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw DomainException.Invalid("Send the definition as the JSON body (Content-Type: application/json) or as one file part of a multipart/form-data form.");
        return await admin.ReadAsync(request.Headers["X-File-Name"].FirstOrDefault() ?? "definition.json", request.Body, request.ContentLength, http.RequestAborted);
    }

    private static Task<StimulusResult> SendStimulus(StimulusBody body, IWorkflowRuntime runtime, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Name))
            throw DomainException.Invalid("A stimulus needs a name.", new Dictionary<string, string[]> { ["name"] = ["Give the stimulus name, e.g. \"ManagerApproval\"."] });
        return runtime.StimulateAsync(new Stimulus(body.Name, body.CorrelationId, body.Payload, body.IdempotencyKey, body.InstanceId), ct);
    }
}
