using System.Text.Json.Nodes;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Expressions;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallManager.Runtime.Http;

/// <summary>
/// The HTTP stimulus of the runtime, free of ASP.NET: finds the endpoint a request is for (as Elsa: the HttpEndpoint triggers of the
/// latest published versions first, then the instances waiting on an endpoint, narrowed by correlation or instance id), then runs
/// the step and returns what it wrote. The web host authorizes between the two, from the endpoint's <c>authorize</c> and <c>policy</c>.
/// </summary>
public sealed class HttpWorkflows(WorkflowRuntime runtime, DefinitionStore definitions, ExpressionEvaluator evaluator, IServiceScopeFactory scopes,
    TimeProvider clock, ILogger<HttpWorkflows> logger)
{
    /// <summary>The endpoint <paramref name="request"/> is for, or null when none; throws <see cref="HttpAmbiguousMatchException"/> when several are.</summary>
    public async Task<HttpEndpointMatch?> MatchAsync(HttpRequestStimulus request, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.RuntimeDb();
        var triggers = Best(await TriggersAsync(db, request, cancellationToken));
        if (triggers.Count > 1)
            throw new HttpAmbiguousMatchException($"{request.Method} {request.Path} matches the HttpEndpoint of several definitions ({string.Join(", ", triggers.Select(t => t.DefinitionId))}). Give each a path of its own.");
        if (triggers.Count == 1) return triggers[0];
        var waiting = Best(await BookmarksAsync(db, request, cancellationToken));
        if (waiting.Select(w => w.InstanceId).Distinct().Count() > 1)
            throw new HttpAmbiguousMatchException($"{request.Method} {request.Path} matches {waiting.Select(w => w.InstanceId).Distinct().Count()} waiting workflow instances. Name one with the correlationId or workflowInstanceId query parameter (or the X-Correlation-ID or X-Workflow-Instance-ID header).");
        return waiting.FirstOrDefault();
    }

    /// <summary>Starts or resumes the instance of <paramref name="match"/> with <paramref name="request"/>; answers what its step wrote.</summary>
    public async Task<HttpWorkflowResult> RunAsync(HttpEndpointMatch match, HttpRequestStimulus request, CancellationToken cancellationToken = default)
    {
        var payload = request.ToPayload(match.RouteValues);
        var step = match.InstanceId is { } instanceId
            ? await runtime.ResumeByHttpAsync(instanceId, match.BookmarkName!, payload, cancellationToken)
            : await runtime.StartByHttpAsync(match.DefinitionId, match.ActivityId, request.CorrelationId, payload, cancellationToken);
        return new HttpWorkflowResult(step.Instance, step.Response, step.Fault);
    }

    /// <summary>The literal matches when there are some (<c>orders/new</c> before <c>orders/{id}</c>), else the template ones.</summary>
    private static List<HttpEndpointMatch> Best(List<HttpEndpointMatch> matches) =>
        matches.Any(m => !HttpRoute.HasParameters(m.Settings.Path)) ? [.. matches.Where(m => !HttpRoute.HasParameters(m.Settings.Path))] : matches;

    private async Task<List<HttpEndpointMatch>> TriggersAsync(DbContext db, HttpRequestStimulus request, CancellationToken cancellationToken)
    {
        var ids = await db.Set<WorkflowDefinitionVersion>().AsNoTracking().Where(v => v.TriggerName == HttpEndpoint.TriggerName)
            .Select(v => v.DefinitionId).Distinct().ToListAsync(cancellationToken);
        var matches = new List<HttpEndpointMatch>();
        foreach (var id in ids)
        {
            if (await definitions.LatestAsync(db, id, cancellationToken) is not { TriggerName: HttpEndpoint.TriggerName } version) continue;
            var definition = await definitions.GetAsync(db, version.Id, cancellationToken);
            if (definition.Trigger is not { } trigger || Settings(definition, trigger.Node, definition.DefaultVariables, null) is not { } settings) continue;
            if (settings.Methods.Contains(request.Method) && HttpRoute.Match(settings.Path, request.Path) is { } values)
                matches.Add(new HttpEndpointMatch(version.DefinitionId, trigger.Id, settings, values, null, null));
        }
        return matches;
    }

    private async Task<List<HttpEndpointMatch>> BookmarksAsync(DbContext db, HttpRequestStimulus request, CancellationToken cancellationToken)
    {
        var prefix = HttpEndpoint.BookmarkPrefix(request.Method);
        var query = db.Set<WorkflowBookmark>().AsNoTracking().Where(b => b.Name.StartsWith(prefix) && b.DueAt == null);
        if (request.InstanceId is { } instanceId) query = query.Where(b => b.InstanceId == instanceId);
        if (request.CorrelationId is { } correlationId) query = query.Where(b => b.CorrelationId == correlationId);
        var rows = await query.Join(db.Set<WorkflowInstance>().Where(i => i.Status == WorkflowStatus.Suspended), b => b.InstanceId, i => i.Id,
                (b, i) => new { b.Name, b.ActivityId, i.Id, i.DefinitionVersionId, i.VariablesJson, i.CorrelationId })
            .Take(1000).ToListAsync(cancellationToken);
        var matches = new List<HttpEndpointMatch>();
        foreach (var row in rows)
        {
            if (HttpRoute.Match(row.Name[prefix.Length..], request.Path) is not { } values) continue;
            var definition = await definitions.GetAsync(db, row.DefinitionVersionId, cancellationToken);
            if (!definition.Activities.TryGetValue(row.ActivityId, out var activity)) continue;
            var variables = JsonNode.Parse(row.VariablesJson) as JsonObject ?? [];
            if (Settings(definition, activity.Node, variables, row.Id) is not { } settings) continue;
            matches.Add(new HttpEndpointMatch(definition.DefinitionId, row.ActivityId, settings with { Path = row.Name[prefix.Length..] }, values, row.Id, row.Name));
        }
        return matches;
    }

    /// <summary>The endpoint's inputs evaluated with <paramref name="variables"/>; null (with a warning) when they cannot be.</summary>
    private HttpEndpointSettings? Settings(FlowchartDefinition definition, JsonObject node, JsonObject variables, Guid? instanceId)
    {
        var scope = new ExpressionScope((JsonObject)variables.DeepClone(), [], null, instanceId ?? Guid.Empty, null, clock.GetUtcNow());
        try
        {
            return HttpEndpointSettings.Read(node, (input, _) => evaluator.Evaluate(input, definition.Expressions, scope));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The HttpEndpoint of workflow {DefinitionId} is not served: its inputs could not be evaluated ({Message}).", definition.DefinitionId, e.Message);
            return null;
        }
    }
}

/// <summary>The endpoint a request is for: a definition's trigger (no instance yet) or an instance's waiting activity, and who may call it.</summary>
public sealed record HttpEndpointMatch(string DefinitionId, string ActivityId, HttpEndpointSettings Settings, IReadOnlyDictionary<string, string> RouteValues,
    Guid? InstanceId, string? BookmarkName);

/// <summary>What the request's step did: the instance after it (null when it no longer waited), its response, the fault's message.</summary>
public sealed record HttpWorkflowResult(WorkflowInstanceSummary? Instance, HttpWorkflowResponse? Response, string? Fault);

/// <summary>A request matches several endpoints or instances: the message says how to tell them apart.</summary>
public sealed class HttpAmbiguousMatchException(string message) : Exception(message);
