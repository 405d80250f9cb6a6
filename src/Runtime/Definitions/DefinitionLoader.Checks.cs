using System.Text.Json.Nodes;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Expressions;

namespace CallManager.Runtime.Definitions;

/// <summary>The checks of <see cref="DefinitionLoader"/>: inputs, expressions, join modes, start and reachability.</summary>
public sealed partial class DefinitionLoader
{
    private static void CheckInputs(string id, string path, JsonObject activity, ActivityDescriptor descriptor, Problems problems)
    {
        foreach (var input in descriptor.RequiredInputs.Where(i => activity[i] is null || IsEmptyExpression(activity[i])))
            problems.Add(id, $"{path}.{input}", $"misses required input '{input}' of {descriptor.TypeName}. Add \"{input}\": {{ \"typeName\": \"...\", \"expression\": {{ \"type\": \"Literal\", \"value\": ... }} }}.");
        foreach (var (name, input) in activity)
            CheckExpression(id, $"{path}.{name}", name, input, problems);
        if (descriptor.ActivityType == typeof(Switch))
        {
            var index = 0;
            foreach (var (label, condition) in Switch.Cases(activity))
                CheckExpression(id, $"{path}.cases[{index++}].condition", $"cases[{label}].condition", condition, problems);
        }
        if (descriptor.ActivityType == typeof(FlowJoin) && activity["mode"] is { } mode
            && ExpressionEvaluator.TryGetExpression(mode, out var type, out var value) && type == "Literal" && !FlowJoin.IsKnownMode(value?.ToString()))
            problems.Add(id, $"{path}.mode", $"has join mode '{value}', which is not run here. Use \"WaitAny\" (Elsa's default: go on at the first branch), \"WaitAllActive\" (also \"WaitAll\": wait for every branch that was taken) or \"WaitAllInbound\" (wait for every inbound connection, taken or not).");
    }

    private static bool IsEmptyExpression(JsonNode? node) =>
        ExpressionEvaluator.TryGetExpression(node, out _, out var value) && (value is null || value.ToString().Length == 0);

    private static void CheckExpression(string id, string path, string input, JsonNode? node, Problems problems)
    {
        if (!ExpressionEvaluator.TryGetExpression(node, out var type, out var value)) return;
        if (!ExpressionEvaluator.Types.Contains(type))
        {
            problems.Add(id, $"{path}.expression.type", $"input '{input}' has unknown expression type '{type}'. Use one of {string.Join(", ", ExpressionEvaluator.Types)}.");
            return;
        }
        var text = value?.ToString() ?? "";
        try
        {
            if (type == "JavaScript") JavaScriptEngine.Prepare(text);
            else if (type == "Liquid") LiquidRenderer.Parse(text);
            else if (type is "Object" or "Json" && text.Length > 0) JsonNode.Parse(text);
        }
        catch (Exception e) // whatever the parser throws, the file is refused with the reason, the host goes on
        {
            problems.Add(id, $"{path}.expression.value", $"input '{input}': the {type} expression does not parse ({(e.InnerException ?? e).Message}). Fix the expression.");
        }
    }

    /// <summary>
    /// Elsa writes some expressions bare (<c>{ "type": "JavaScript", "value": ... }</c>, e.g. FlowSwitch case conditions): they are
    /// wrapped as inputs (<c>{ "expression": { ... } }</c>) in the loaded node, so they are evaluated like every other input.
    /// </summary>
    private static void NormalizeExpressions(JsonObject activity)
    {
        foreach (var (name, value) in activity.ToList())
            if (name is not ("id" or "type" or "metadata" or "customProperties") && IsBareExpression(value))
                activity[name] = Wrap(value!);
        if (activity["cases"] is JsonArray cases)
            foreach (var @case in cases.OfType<JsonObject>())
                if (IsBareExpression(@case["condition"])) @case["condition"] = Wrap(@case["condition"]!);
    }

    private static bool IsBareExpression(JsonNode? node) =>
        node is JsonObject o && !o.ContainsKey("expression") && o.ContainsKey("value") && Text(o["type"]) is { Length: > 0 };

    private static JsonObject Wrap(JsonNode expression) => new() { ["typeName"] = "Object", ["expression"] = expression.DeepClone() };

    private static List<FlowConnection> ReadConnections(JsonNode? node, Dictionary<string, (FlowActivity Activity, string Path)> activities, Problems problems)
    {
        var connections = new List<FlowConnection>();
        if (node is not (JsonArray or null)) { problems.Add(null, "root.connections", "must be an array of connections. Fix its shape."); return connections; }
        var index = 0;
        foreach (var item in node as JsonArray ?? [])
        {
            var path = $"root.connections[{index++}]";
            problems.CurrentPath = path;
            if (ReadConnection(item) is not { } c)
            {
                problems.Add(null, path, "is not a connection. Write { \"source\": { \"activity\": \"a\", \"port\": \"Done\" }, \"target\": { \"activity\": \"b\", \"port\": \"In\" } } or Elsa 3.0's { \"source\": \"a\", \"sourcePort\": \"Done\", \"target\": \"b\", \"targetPort\": \"In\" }.");
                continue;
            }
            if (!activities.ContainsKey(c.Source)) { problems.Add(c.Source, $"{path}.source", $"connection {c} leaves from an activity that does not exist. Fix \"source.activity\" or add the activity."); continue; }
            if (!activities.ContainsKey(c.Target)) { problems.Add(c.Source, $"{path}.target", $"connection {c} goes to an activity that does not exist. Fix \"target.activity\" or add the activity."); continue; }
            if (connections.Contains(c)) { problems.Add(c.Source, path, $"connection {c} is declared twice. Remove one of them."); continue; }
            if (Outcomes(activities[c.Source].Activity) is { } ports && !ports.Contains(c.SourcePort))
                problems.Add(c.Source, $"{path}.source", $"connection {c} leaves from port '{c.SourcePort}', which {activities[c.Source].Activity.Type} does not have. Use one of: {string.Join(", ", ports)}.");
            connections.Add(c);
        }
        problems.CurrentPath = null;
        return connections;
    }

    /// <summary>A connection in either Elsa shape (endpoints as objects, or 3.0's ids with <c>sourcePort</c>/<c>targetPort</c>); null when neither.</summary>
    private static FlowConnection? ReadConnection(JsonNode? node)
    {
        if (node is not JsonObject c) return null;
        var (source, sourcePort) = Endpoint(c, "source");
        var (target, targetPort) = Endpoint(c, "target");
        return source is { Length: > 0 } && target is { Length: > 0 }
            ? new FlowConnection(source, sourcePort ?? ActivityResult.DoneOutcome, target, targetPort ?? "In")
            : null;
    }

    private static (string? Activity, string? Port) Endpoint(JsonObject connection, string side)
    {
        var node = connection[side] ?? connection[char.ToUpperInvariant(side[0]) + side[1..]];
        if (node is JsonObject endpoint)
            return (Text(endpoint["activity"] ?? endpoint["Activity"]), Text(endpoint["port"] ?? endpoint["Port"]));
        return (Text(node), Text(connection[side + "Port"] ?? connection[char.ToUpperInvariant(side[0]) + side[1..] + "Port"]));
    }

    /// <summary>A Sequence runs its activities in order: each one's "Done" leads to the next.</summary>
    private static List<FlowConnection> ChainSequence(Dictionary<string, (FlowActivity Activity, string Path)> activities, Problems problems)
    {
        var ordered = activities.Values.ToList();
        var connections = new List<FlowConnection>();
        for (var i = 0; i + 1 < ordered.Count; i++)
        {
            var (activity, path) = ordered[i];
            if (Outcomes(activity) is { } ports && !ports.Contains(ActivityResult.DoneOutcome))
            {
                problems.Add(activity.Id, path, $"ends with {(ports.Count == 0 ? "the workflow" : string.Join(" or ", ports))}, never Done, so the Sequence cannot go on to '{ordered[i + 1].Activity.Id}'. Make the root a Flowchart and connect its ports.");
                continue;
            }
            connections.Add(new FlowConnection(activity.Id, ActivityResult.DoneOutcome, ordered[i + 1].Activity.Id, "In"));
        }
        return connections;
    }

    /// <summary>The ports an activity can complete with, or null when they are only known at run time.</summary>
    private static IReadOnlyList<string>? Outcomes(FlowActivity activity)
    {
        if (activity.Descriptor.ActivityType == typeof(Switch))
            return [.. Switch.Cases(activity.Node).Select(c => c.Label), Switch.Default];
        if (activity.Descriptor.ActivityType == typeof(Fork))
        {
            var branches = activity.Node["branches"];
            if (ExpressionEvaluator.TryGetExpression(branches, out var type, out var value))
                branches = type == "Literal" ? value : null;
            return branches is null ? null : [.. Fork.Branches(branches)];
        }
        return activity.Descriptor.Outcomes;
    }

    /// <summary>As Elsa: a Start activity, else the trigger, else the one activity without inbound connections.</summary>
    private static string? FindStart(Dictionary<string, (FlowActivity Activity, string Path)> activities, List<FlowConnection> connections, FlowActivity? trigger, Problems problems)
    {
        var starts = activities.Values.Where(a => a.Activity.Descriptor.ActivityType == typeof(Start)).ToList();
        if (starts.Count > 1) { problems.Add(starts[1].Activity.Id, starts[1].Path, $"is a second Start activity (after '{starts[0].Activity.Id}'). A flowchart has one Start."); return null; }
        if (starts.Count == 1) return starts[0].Activity.Id;
        if (trigger is not null) return trigger.Id;
        var roots = activities.Keys.Where(id => connections.All(c => c.Target != id)).ToList();
        if (roots.Count == 1) return roots[0];
        if (activities.Count > 0)
            problems.Add(null, "root", roots.Count == 0
                ? "has no activity without inbound connections, so it cannot start. Add a Start activity."
                : $"has {roots.Count} activities without inbound connections ({string.Join(", ", roots)}). Add a Start activity, or connect all but one.");
        return null;
    }

    private static void CheckReachable(string start, Dictionary<string, (FlowActivity Activity, string Path)> activities, List<FlowConnection> connections, Problems problems)
    {
        var seen = new HashSet<string> { start };
        var stack = new Stack<string>([start]);
        while (stack.TryPop(out var id))
            foreach (var c in connections.Where(c => c.Source == id && seen.Add(c.Target))) stack.Push(c.Target);
        foreach (var (id, (_, path)) in activities.Where(a => !seen.Contains(a.Key)))
            problems.Add(id, path, $"is unreachable from the start activity '{start}'. Connect it or remove it.");
    }
}
