using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Workflow.Runtime.Activities;
using CallManager.Workflow.Runtime.Contracts;

namespace CallManager.Workflow.Runtime.Definitions;

/// <summary>
/// Reads a definition in the Elsa 3 shape (<c>definitionId</c>, <c>name</c>, <c>variables</c>, <c>root</c> = a
/// Flowchart with <c>activities</c> and <c>connections</c>) and validates it: every problem names the file, the
/// activity and what to fix. A definition with any problem is not returned, so it is never half-published.
/// </summary>
public sealed partial class DefinitionLoader(ActivityRegistry registry)
{
    /// <summary>The result of loading: the definition, or the problems that refuse it.</summary>
    public sealed record Result(FlowchartDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems, JsonObject? Document);

    /// <summary>Parses and validates <paramref name="json"/> read from <paramref name="file"/>.</summary>
    public Result Load(string file, string json)
    {
        var problems = new List<DefinitionProblem>();
        void Problem(string? activity, string message) => problems.Add(new DefinitionProblem(file, activity, message));
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
        }
        catch (JsonException e)
        {
            Problem(null, $"is not valid JSON ({e.Message}). Fix the syntax.");
            return new Result(null, problems, null);
        }
        if (document is null) { Problem(null, "must be a JSON object with \"definitionId\" and \"root\"."); return new Result(null, problems, null); }
        var definition = Build(document, Problem);
        return new Result(problems.Count == 0 ? definition : null, problems, document);
    }

    private FlowchartDefinition? Build(JsonObject document, Action<string?, string> problem)
    {
        var definitionId = document["definitionId"]?.ToString();
        if (string.IsNullOrWhiteSpace(definitionId)) problem(null, "has no \"definitionId\". Add one, e.g. \"definitionId\": \"approval\".");
        if (document["root"] is not JsonObject root || !IsFlowchart(root["type"]?.ToString()))
        {
            problem(null, "needs \"root\": { \"type\": \"Flowchart\", \"activities\": [...], \"connections\": [...] }. Only flowcharts are supported.");
            return null;
        }
        var activities = ReadActivities(root, problem);
        var connections = ReadConnections(root, activities, problem);
        var start = FindStart(activities, connections, problem);
        if (start is not null) CheckReachable(start, activities, connections, problem);
        var trigger = FindTrigger(activities, problem);
        if (definitionId is null || start is null) return null;
        return new FlowchartDefinition(definitionId, document["name"]?.ToString() ?? definitionId, activities, connections, start,
            ReadVariables(document), trigger);
    }

    private static bool IsFlowchart(string? type) => type is "Flowchart" or "Elsa.Flowchart";

    private Dictionary<string, FlowActivity> ReadActivities(JsonObject root, Action<string?, string> problem)
    {
        var activities = new Dictionary<string, FlowActivity>(StringComparer.Ordinal);
        var index = 0;
        foreach (var node in root["activities"] as JsonArray ?? [])
        {
            index++;
            if (node is not JsonObject activity || activity["id"]?.ToString() is not { Length: > 0 } id)
            {
                problem(null, $"activity #{index} has no \"id\". Give every activity a unique id.");
                continue;
            }
            var type = activity["type"]?.ToString() ?? "";
            if (activities.ContainsKey(id)) { problem(id, "is declared twice. Give each activity a unique id."); continue; }
            if (registry.Find(type) is not { } descriptor)
            {
                problem(id, $"has unknown type '{type}'. Use a registered type ({string.Join(", ", registry.TypeNames)}), with or without the \"Elsa.\" prefix.");
                activities[id] = new FlowActivity(id, type, new ActivityDescriptor(type, typeof(object), [], null), activity); // keeps its connections from reporting twice
                continue;
            }
            CheckInputs(id, activity, descriptor, problem);
            activities[id] = new FlowActivity(id, type, descriptor, activity);
        }
        if (activities.Count == 0 && index == 0) problem(null, "has no activities. Add at least a Start activity to \"root.activities\".");
        return activities;
    }

    private static JsonObject ReadVariables(JsonObject document)
    {
        var variables = new JsonObject();
        foreach (var variable in (document["variables"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (variable["name"]?.ToString() is not { Length: > 0 } name) continue;
            variables[name] = InitialValue(variable["value"], variable["typeName"]?.ToString());
        }
        return variables;
    }

    private static JsonNode? InitialValue(JsonNode? value, string? typeName)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text)) return value?.DeepClone();
        return typeName switch
        {
            "Boolean" when bool.TryParse(text, out var b) => JsonValue.Create(b),
            "Int32" or "Int64" when long.TryParse(text, out var l) => JsonValue.Create(l),
            "Double" or "Decimal" when double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            "Object" or "ExpandoObject" when TryParseJson(text) is { } json => json,
            _ => JsonValue.Create(text),
        };
    }

    private static JsonNode? TryParseJson(string text)
    {
        try { return text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text) : null; }
        catch (JsonException) { return null; }
    }

    private static FlowActivity? FindTrigger(Dictionary<string, FlowActivity> activities, Action<string?, string> problem)
    {
        var triggers = activities.Values.Where(a => a.Node["canStartWorkflow"]?.GetValueKind() == JsonValueKind.True).ToList();
        foreach (var t in triggers.Where(t => t.Descriptor.ActivityType != typeof(WaitForSignal)))
            problem(t.Id, "has \"canStartWorkflow\": true, but only WaitForSignal (or Event) can start a workflow. Remove the flag or change the type.");
        if (triggers.Count > 1)
            problem(triggers[1].Id, $"is a second trigger (after '{triggers[0].Id}'). A definition has at most one activity with \"canStartWorkflow\": true.");
        return triggers.Count == 1 ? triggers[0] : null;
    }
}
