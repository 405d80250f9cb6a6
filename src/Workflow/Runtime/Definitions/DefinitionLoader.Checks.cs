using System.Text.Json.Nodes;
using CallManager.Workflow.Runtime.Activities;
using CallManager.Workflow.Runtime.Contracts;
using CallManager.Workflow.Runtime.Expressions;

namespace CallManager.Workflow.Runtime.Definitions;

/// <summary>The checks of <see cref="DefinitionLoader"/>: inputs, expressions, connections, start and reachability.</summary>
public sealed partial class DefinitionLoader
{
    private static void CheckInputs(string id, JsonObject activity, ActivityDescriptor descriptor, Action<string?, string> problem)
    {
        foreach (var input in descriptor.RequiredInputs.Where(i => activity[i] is null || IsEmptyExpression(activity[i])))
            problem(id, $"misses required input '{input}' of {descriptor.TypeName}. Add \"{input}\": {{ \"typeName\": \"...\", \"expression\": {{ \"type\": \"Literal\", \"value\": ... }} }}.");
        foreach (var (name, value) in activity)
            CheckExpression(id, name, value, problem);
        if (descriptor.ActivityType == typeof(Switch))
            foreach (var (label, condition) in Switch.Cases(activity))
                CheckExpression(id, $"cases[{label}].condition", condition, problem);
    }

    private static bool IsEmptyExpression(JsonNode? node) =>
        ExpressionEvaluator.TryGetExpression(node, out _, out var value) && (value is null || value.ToString().Length == 0);

    private static void CheckExpression(string id, string input, JsonNode? node, Action<string?, string> problem)
    {
        if (!ExpressionEvaluator.TryGetExpression(node, out var type, out var value)) return;
        if (!ExpressionEvaluator.Types.Contains(type))
        {
            problem(id, $"input '{input}' has unknown expression type '{type}'. Use one of {string.Join(", ", ExpressionEvaluator.Types)}.");
            return;
        }
        var text = value?.ToString() ?? "";
        try
        {
            if (type == "JavaScript") JavaScriptEngine.Prepare(text);
            else if (type == "Liquid") LiquidRenderer.Parse(text);
            else if (type is "Object" or "Json" && text.Length > 0) JsonNode.Parse(text);
        }
        catch (Exception e) when (e is Acornima.ParseErrorException or Jint.ScriptPreparationException or ExpressionException or System.Text.Json.JsonException)
        {
            problem(id, $"input '{input}': the {type} expression does not parse ({(e.InnerException ?? e).Message}). Fix the expression.");
        }
    }

    private static List<FlowConnection> ReadConnections(JsonObject root, Dictionary<string, FlowActivity> activities, Action<string?, string> problem)
    {
        var connections = new List<FlowConnection>();
        foreach (var node in (root["connections"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var c = new FlowConnection(node["source"]?["activity"]?.ToString() ?? "", node["source"]?["port"]?.ToString() ?? ActivityResult.DoneOutcome,
                node["target"]?["activity"]?.ToString() ?? "", node["target"]?["port"]?.ToString() ?? "In");
            if (!activities.ContainsKey(c.Source)) { problem(c.Source.Length > 0 ? c.Source : null, $"connection {c} leaves from an activity that does not exist. Fix \"source.activity\" or add the activity."); continue; }
            if (!activities.ContainsKey(c.Target)) { problem(c.Source, $"connection {c} goes to an activity that does not exist. Fix \"target.activity\" or add the activity."); continue; }
            if (connections.Contains(c)) { problem(c.Source, $"connection {c} is declared twice. Remove one of them."); continue; }
            if (Outcomes(activities[c.Source]) is { } ports && !ports.Contains(c.SourcePort))
                problem(c.Source, $"connection {c} leaves from port '{c.SourcePort}', which {activities[c.Source].Type} does not have. Use one of: {string.Join(", ", ports)}.");
            connections.Add(c);
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

    private static string? FindStart(Dictionary<string, FlowActivity> activities, List<FlowConnection> connections, Action<string?, string> problem)
    {
        var starts = activities.Values.Where(a => a.Descriptor.ActivityType == typeof(Start)).Select(a => a.Id).ToList();
        if (starts.Count > 1) { problem(starts[1], $"is a second Start activity (after '{starts[0]}'). A flowchart has one Start."); return null; }
        if (starts.Count == 1) return starts[0];
        var roots = activities.Keys.Where(id => connections.All(c => c.Target != id)).ToList();
        if (roots.Count == 1) return roots[0];
        if (activities.Count > 0)
            problem(null, roots.Count == 0
                ? "has no activity without inbound connections, so it cannot start. Add a Start activity."
                : $"has {roots.Count} activities without inbound connections ({string.Join(", ", roots)}). Add a Start activity, or connect all but one.");
        return null;
    }

    private static void CheckReachable(string start, Dictionary<string, FlowActivity> activities, List<FlowConnection> connections, Action<string?, string> problem)
    {
        var seen = new HashSet<string> { start };
        var stack = new Stack<string>([start]);
        while (stack.TryPop(out var id))
            foreach (var c in connections.Where(c => c.Source == id && seen.Add(c.Target))) stack.Push(c.Target);
        foreach (var id in activities.Keys.Where(id => !seen.Contains(id)))
            problem(id, $"is unreachable from the start activity '{start}'. Connect it or remove it.");
    }
}
