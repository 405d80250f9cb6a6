using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Definitions;

/// <summary>
/// Reads a definition in the Elsa 3 shape (<c>definitionId</c>, <c>name</c>, <c>variables</c>, <c>root</c> = a Flowchart with
/// <c>activities</c> and <c>connections</c>, a Sequence, or a single activity) and validates it. It never throws: every problem
/// names the file, the activity and the JSON path, and says what to fix. A definition with any problem is not returned, so it is
/// never half-published.
/// </summary>
public sealed partial class DefinitionLoader(ActivityRegistry registry)
{
    /// <summary>The result of loading: the definition, or the problems that refuse it.</summary>
    public sealed record Result(FlowchartDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems, JsonObject? Document);

    /// <summary>Parses and validates <paramref name="json"/> read from <paramref name="file"/>.</summary>
    public Result Load(string file, string json)
    {
        var problems = new Problems(file);
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
        }
        catch (JsonException e)
        {
            problems.Add(null, null, $"is not valid JSON ({e.Message}). Fix the syntax.");
            return new Result(null, problems.Items, null);
        }
        if (document is null) { problems.Add(null, null, "must be a JSON object with \"definitionId\" and \"root\"."); return new Result(null, problems.Items, null); }
        FlowchartDefinition? definition;
        try
        {
            definition = Build(document, problems);
        }
        catch (Exception e) // a shape no check foresaw must refuse the file, never stop the host or the validate command
        {
            problems.Add(null, problems.CurrentPath, $"could not be read ({e.GetType().Name}: {e.Message}). Compare this part with the Elsa 3 export shape and fix it.");
            definition = null;
        }
        return new Result(problems.Items.Count == 0 ? definition : null, problems.Items, document);
    }

    private FlowchartDefinition? Build(JsonObject document, Problems problems)
    {
        var definitionId = Text(document["definitionId"]);
        if (string.IsNullOrWhiteSpace(definitionId)) problems.Add(null, "definitionId", "has no \"definitionId\". Add one, e.g. \"definitionId\": \"approval\".");
        if (ReadRoot(document["root"], problems) is not var (activityNodes, connectionsNode, isSequence)) return null;
        var variables = ReadVariables(document, problems);
        var signature = ReadSignature(document, problems);
        var activities = ReadActivities(activityNodes, variables, problems);
        var connections = isSequence ? ChainSequence(activities, problems) : ReadConnections(connectionsNode, activities, problems);
        var references = ResolveComposition(activities, variables, signature, connections, problems);
        var trigger = FindTrigger(activities, problems);
        if (trigger is not null) CheckScheduledTrigger(trigger, activities[trigger.Id].Path, problems);
        var start = FindStart(activities, connections, trigger, problems);
        if (start is not null) CheckReachable(start, activities, connections, problems);
        if (definitionId is null || start is null) return null;
        return new FlowchartDefinition(definitionId, Text(document["name"]) ?? definitionId, activities.ToDictionary(a => a.Key, a => a.Value.Activity),
            connections, start, variables.Defaults, trigger)
        {
            Inputs = signature.Inputs, Outputs = signature.Outputs, Outcomes = signature.Outcomes, References = references,
        };
    }

    /// <summary>The activities of the root with their JSON paths, its connections, and whether it is a Sequence (run in order).</summary>
    private (List<(JsonNode? Node, string Path)> Activities, JsonNode? Connections, bool IsSequence)? ReadRoot(JsonNode? root, Problems problems)
    {
        if (root is not JsonObject rootObject)
        {
            problems.Add(null, "root", "is missing or not an object. Add \"root\": { \"type\": \"Elsa.Flowchart\", \"activities\": [...], \"connections\": [...] } (a Sequence or a single activity also work).");
            return null;
        }
        var type = Text(rootObject["type"]);
        if (IsStructured(rootObject) && !IsType(type, "Flowchart") && !IsType(type, "Sequence") || HasStructured(rootObject))
        {
            var (nodes, connections) = Flatten(rootObject, problems);
            return (nodes, connections, false);
        }
        if (IsType(type, "Flowchart") || IsType(type, "Sequence"))
        {
            if (rootObject["activities"] is not (JsonArray or null))
                problems.Add(null, "root.activities", "must be an array of activities. Fix its shape.");
            var list = (rootObject["activities"] as JsonArray ?? []).Select((a, i) => (a, $"root.activities[{i}]")).ToList();
            // Elsa runs an empty flowchart or sequence and completes it at once; a Start alone does the same here.
            if (list.Count == 0 && rootObject["activities"] is JsonArray) list.Add((new JsonObject { ["id"] = "start", ["type"] = "Start" }, "root.activities"));
            return (list, rootObject["connections"], IsType(type, "Sequence"));
        }
        return ([(rootObject, "root")], null, false); // a single activity: a flowchart of one
    }

    private static bool IsType(string? type, string name) => type == name || type == ActivityDescriptor.ElsaPrefix + name;

    private Dictionary<string, (FlowActivity Activity, string Path)> ReadActivities(List<(JsonNode? Node, string Path)> nodes, Variables variables, Problems problems)
    {
        var activities = new Dictionary<string, (FlowActivity, string)>(StringComparer.Ordinal);
        foreach (var (node, path) in nodes)
        {
            problems.CurrentPath = path;
            if (node is not JsonObject activity || Text(activity["id"]) is not { Length: > 0 } id)
            {
                problems.Add(null, path, "has no \"id\". Give every activity a unique id.");
                continue;
            }
            var type = Text(activity["type"]) ?? "";
            if (activities.ContainsKey(id)) { problems.Add(id, path, "is declared twice. Give each activity a unique id."); continue; }
            NormalizeExpressions(activity);
            if ((registry.Find(type) ?? DefinitionActivity(activity)) is not { } descriptor)
            {
                problems.Add(id, $"{path}.type", UnknownType(type));
                activities[id] = (new FlowActivity(id, type, new ActivityDescriptor(type, typeof(object), [], null), activity), path); // keeps its connections from reporting twice
                continue;
            }
            if (descriptor.ActivityType == typeof(SetVariable)) variables.Annotate(id, path, activity, problems);
            if (descriptor.ActivityType == typeof(ForEach)) variables.ResolveOutput(id, path, activity, "currentValue", problems);
            foreach (var output in Http.HttpOutputs.Of(descriptor.ActivityType)) variables.ResolveOutput(id, path, activity, output, problems);
            CheckSchedulingAndScripts(id, path, activity, descriptor, variables, problems);
            CheckInputs(id, path, activity, descriptor, problems);
            activities[id] = (new FlowActivity(id, type, descriptor, activity), path);
        }
        problems.CurrentPath = null;
        if (activities.Count == 0 && nodes.Count == 0) problems.Add(null, "root.activities", "is empty. Add at least a Start activity.");
        return activities;
    }

    private string UnknownType(string type)
    {
        if (type.Length == 0) return "has no \"type\". Give it an activity type, e.g. \"Elsa.WriteLine\".";
        if (type.StartsWith(ActivityDescriptor.ElsaPrefix, StringComparison.Ordinal))
            return $"Elsa activity `{type}` is not implemented here. Replace it with an activity CallManager runs (README, \"Workflow runtime\") or remove it.";
        return $"has unknown type '{type}'. Register it with services.AddActivity<T>(\"{type}\"), or use one of: {string.Join(", ", registry.TypeNames)}.";
    }

    private static FlowActivity? FindTrigger(Dictionary<string, (FlowActivity Activity, string Path)> activities, Problems problems)
    {
        // Elsa writes the flag at the top level (3.0) or in customProperties (3.1 and later); a Start needs none, it starts anyway.
        var triggers = activities.Values.Where(a => IsTrigger(a.Activity.Node) && a.Activity.Descriptor.ActivityType != typeof(Start)).ToList();
        foreach (var t in triggers.Where(t => !CanStartWorkflow(t.Activity.Descriptor.ActivityType) && t.Activity.Descriptor.ActivityType != typeof(HttpEndpoint) && t.Activity.Descriptor.ActivityType != typeof(object)))
            problems.Add(t.Activity.Id, $"{t.Path}.canStartWorkflow", "has \"canStartWorkflow\": true, but only WaitForSignal (or Event), Timer, Cron, StartAt and HttpEndpoint can start a workflow. Remove the flag or change the type.");
        if (triggers.Count > 1)
            problems.Add(triggers[1].Activity.Id, $"{triggers[1].Path}.canStartWorkflow", $"is a second trigger (after '{triggers[0].Activity.Id}'). A definition has at most one activity with \"canStartWorkflow\": true.");
        return triggers.Count == 1 ? triggers[0].Activity : null;
    }

    private static bool IsTrigger(JsonObject node) =>
        IsTrue(node["canStartWorkflow"]) || IsTrue((node["customProperties"] as JsonObject)?["canStartWorkflow"]);

    private static bool IsTrue(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.True || (Text(node) is { } s && bool.TryParse(s, out var b) && b);

    /// <summary>The string of a JSON string value; null for anything else (never throws).</summary>
    internal static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Collects the problems of one file; <see cref="CurrentPath"/> locates a failure no check foresaw.</summary>
    private sealed class Problems(string file)
    {
        public List<DefinitionProblem> Items { get; } = [];
        public string? CurrentPath { get; set; }
        public void Add(string? activityId, string? path, string message) => Items.Add(new DefinitionProblem(file, activityId, message, path));
    }
}
