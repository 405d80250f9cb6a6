using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Http;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's HttpEndpoint: waits for a request to input <c>path</c> (a route template, e.g. <c>orders/{id}</c>) with one of
/// <c>supportedMethods</c> (GET by default). With <c>canStartWorkflow</c> a request starts the definition; reached mid-flow it
/// suspends on one bookmark per method until a request resumes it (the instance chosen by its correlation or instance id). When the
/// request arrives, its parsed body, route values, query and headers are the outputs <c>parsedContent</c>, <c>routeData</c>,
/// <c>queryStringData</c>, <c>headers</c> (and <c>result</c>, the whole request), each stored in the variable it names.
/// Inputs <c>authorize</c> and <c>policy</c> are enforced by the web host (see <see cref="HttpWorkflows"/>).
/// </summary>
public sealed class HttpEndpoint : IActivity
{
    /// <summary>The trigger name of definitions an HTTP request starts (the route table reads their paths).</summary>
    public const string TriggerName = "HttpEndpoint";

    /// <summary>The outputs a definition may bind to variables.</summary>
    public static readonly string[] Outputs = ["parsedContent", "routeData", "queryStringData", "headers", "result"];

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var settings = HttpEndpointSettings.Read(context.Node, (input, label) => context.Evaluate(input, label));
        return ValueTask.FromResult(ActivityResult.Suspend([.. settings.Methods.Select(m => BookmarkRequest.Signal(BookmarkName(m, settings.Path)))]));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        if (context.Payload is not JsonObject request)
            throw new InvalidOperationException("HttpEndpoint was resumed without an HTTP request. Only a request to its path resumes it.");
        foreach (var output in Outputs)
            if (SetVariable.VariableName(context.Node[output]) is { } variable)
                context.SetVariable(variable, output == "result" ? request : request[output]);
        context.Journal($"{request["method"]} {request["path"]}");
        return ValueTask.FromResult(ActivityResult.Done());
    }

    /// <summary>The bookmark of a mid-flow endpoint: <c>HttpEndpoint:GET:/orders/{id}</c>.</summary>
    public static string BookmarkName(string method, string path)
    {
        var name = $"{TriggerName}:{method.ToUpperInvariant()}:{HttpRoute.Normalize(path)}";
        return name.Length <= 200 ? name : throw new InvalidOperationException($"The endpoint path '{path}' is too long (at most 180 characters).");
    }

    /// <summary>The bookmark name prefix of the endpoints of <paramref name="method"/>.</summary>
    public static string BookmarkPrefix(string method) => $"{TriggerName}:{method.ToUpperInvariant()}:";
}

/// <summary>
/// An HttpEndpoint's evaluated inputs: its path, its methods, and who may call it. Elsa's <c>authorize</c> defaults to false; here an
/// endpoint is anonymous only when the definition writes <c>"authorize": false</c> and names no policy, so a definition that says
/// nothing is never open to anyone by mistake.
/// </summary>
public sealed record HttpEndpointSettings(string Path, IReadOnlyList<string> Methods, bool Authorize, string? Policy)
{
    /// <summary>True when anyone may call the endpoint.</summary>
    public bool AllowsAnonymous => !Authorize && Policy is null;

    /// <summary>Reads the inputs of <paramref name="node"/> with <paramref name="evaluate"/> (expressions are evaluated).</summary>
    public static HttpEndpointSettings Read(JsonObject node, Func<JsonNode?, string, JsonNode?> evaluate)
    {
        var path = evaluate(node["path"], "path")?.ToString();
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidOperationException("HttpEndpoint needs input 'path' (e.g. \"orders/{id}\"); it gave nothing.");
        var methods = evaluate(node["supportedMethods"], "supportedMethods") switch
        {
            JsonArray array => array.Select(m => m?.ToString() ?? "").ToList(),
            JsonValue v when v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('[') => (JsonNode.Parse(text) as JsonArray ?? []).Select(m => m?.ToString() ?? "").ToList(),
            JsonValue v => [.. v.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            _ => [],
        };
        methods = [.. methods.Where(m => m.Length > 0).Select(m => m.ToUpperInvariant()).Distinct()];
        var authorize = ActivityContext.Convert<bool?>(evaluate(node["authorize"], "authorize")) ?? true;
        var policy = evaluate(node["policy"], "policy")?.ToString();
        return new HttpEndpointSettings(HttpRoute.Normalize(path), methods.Count == 0 ? ["GET"] : methods, authorize, string.IsNullOrWhiteSpace(policy) ? null : policy);
    }
}
