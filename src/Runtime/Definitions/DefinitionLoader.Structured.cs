using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Definitions;

/// <summary>
/// Elsa's structured activities (a nested Sequence or Flowchart, If with Then/Else, While, ForEach, ParallelForEach, Break)
/// compiled into the one flowchart the executor runs: each becomes nodes and connections with the path Elsa takes, so a step
/// inside a loop is journaled, suspended and resumed like any other. If and While become a FlowDecision keeping their id;
/// ForEach keeps its id and leaves by "Iterate" into its body and by "Done" after the last item; a body's ends lead back to its
/// loop; Break leaves the nearest loop.
/// </summary>
public sealed partial class DefinitionLoader
{
    private static readonly HashSet<string> Containers = ["Sequence", "Flowchart"];
    private static readonly HashSet<string> Loops = ["While", "ForEach", "ParallelForEach"];

    /// <summary>An entry to run first and the (activity, port) pairs after which the fragment is done.</summary>
    private sealed record Fragment(string Entry, List<(string Id, string Port)> Exits);

    /// <summary>The graph being built, and the loop a Break inside the current body leaves.</summary>
    private sealed class FlatGraph
    {
        public List<(JsonNode? Node, string Path)> Nodes { get; } = [];
        public List<FlowConnection> Connections { get; } = [];
        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);
        public Stack<(string LoopId, List<(string Id, string Port)> Breaks)> Loops { get; } = new();

        public void Connect(IEnumerable<(string Id, string Port)> from, string to)
        {
            foreach (var (id, port) in from) Connections.Add(new FlowConnection(id, port, to, "In"));
        }
    }

    /// <summary>True when the root holds a structured activity below it (a flat Flowchart or Sequence is read as it is).</summary>
    private static bool HasStructured(JsonObject root) =>
        Children(root).Any(c => c.Node is JsonObject child && (IsStructured(child) || HasStructured(child)));

    private static bool IsStructured(JsonObject node) =>
        ElsaName(Text(node["type"])) is { } t && (Containers.Contains(t) || Loops.Contains(t) || t == "Break" || (t == "If" && (node["then"] is JsonObject || node["else"] is JsonObject)));

    private static string? ElsaName(string? type) =>
        type is null ? null : type.StartsWith(ActivityDescriptor.ElsaPrefix, StringComparison.Ordinal) ? type[ActivityDescriptor.ElsaPrefix.Length..] : type;

    private static IEnumerable<(JsonNode? Node, string Name)> Children(JsonObject node)
    {
        if (node["activities"] is JsonArray list)
            for (var i = 0; i < list.Count; i++) yield return (list[i], $"activities[{i}]");
        foreach (var name in new[] { "then", "else", "body" })
            if (node[name] is JsonObject child) yield return (child, name);
    }

    /// <summary>The root compiled into flat nodes and 3.0-shaped connections the rest of the loader reads.</summary>
    private (List<(JsonNode? Node, string Path)> Activities, JsonArray Connections) Flatten(JsonObject root, Problems problems)
    {
        var graph = new FlatGraph();
        var fragment = ElsaName(Text(root["type"])) == "Flowchart" ? CompileFlowchart(root, "root", graph, problems) : Compile(root, "root", graph, problems);
        if (fragment is not null && graph.Connections.Any(c => c.Target == fragment.Entry))
        {
            // The workflow starts at its first activity even when a loop leads back to it: a Start in front says so to the flowchart.
            var start = Add(new JsonObject { ["id"] = $"{Text(root["id"]) ?? "root"}:start", ["type"] = "Start" }, "root", graph);
            graph.Connect([(start, ActivityResult.DoneOutcome)], fragment.Entry);
        }
        var connections = new JsonArray();
        foreach (var c in graph.Connections.Distinct())
            connections.Add(new JsonObject { ["source"] = c.Source, ["sourcePort"] = c.SourcePort, ["target"] = c.Target, ["targetPort"] = c.TargetPort });
        return (graph.Nodes, connections);
    }

    private Fragment? Compile(JsonObject node, string path, FlatGraph graph, Problems problems)
    {
        var type = ElsaName(Text(node["type"]));
        var id = Text(node["id"]);
        if (type is "Sequence") return CompileSequence(node, path, graph, problems);
        if (type is "Flowchart") return CompileFlowchart(node, path, graph, problems);
        if (id is not { Length: > 0 }) { graph.Nodes.Add((node, path)); return null; } // reported by ReadActivities
        switch (type)
        {
            case "If" when node["then"] is JsonObject || node["else"] is JsonObject:
            {
                var decision = Node(node, "FlowDecision", path, graph, "then", "else");
                var then = node["then"] is JsonObject t ? Compile(t, $"{path}.then", graph, problems) : null;
                var @else = node["else"] is JsonObject e ? Compile(e, $"{path}.else", graph, problems) : null;
                if (then is not null) graph.Connect([(decision, "True")], then.Entry);
                if (@else is not null) graph.Connect([(decision, "False")], @else.Entry);
                return new Fragment(decision, [.. then?.Exits ?? [(decision, "True")], .. @else?.Exits ?? [(decision, "False")]]);
            }
            case "While":
            {
                var decision = Node(node, "FlowDecision", path, graph, "body");
                return Loop(node, path, decision, "True", "False", graph, problems);
            }
            case "ForEach" or "ParallelForEach":
            {
                var loop = Node(node, "ForEach", path, graph, "body");
                return Loop(node, path, loop, Activities.ForEach.Iterate, ActivityResult.DoneOutcome, graph, problems);
            }
            case "Break":
            {
                if (graph.Loops.Count == 0)
                {
                    problems.Add(id, path, "is a Break outside any While or ForEach. Move it into a loop's body or remove it.");
                    return null;
                }
                var (loopId, breaks) = graph.Loops.Peek();
                var copy = (JsonObject)node.DeepClone();
                copy["loop"] = loopId; // Break resets its loop, so the loop starts afresh when entered again
                var breakId = Add(copy, path, graph);
                breaks.Add((breakId, ActivityResult.DoneOutcome));
                return new Fragment(breakId, []);
            }
            default:
            {
                var plain = Add(node, path, graph);
                var outcomes = registry.Find(Text(node["type"]) ?? "")?.Outcomes ?? [ActivityResult.DoneOutcome];
                return new Fragment(plain, [.. outcomes.Select(o => (plain, o))]);
            }
        }
    }

    private Fragment Loop(JsonObject node, string path, string loopId, string into, string after, FlatGraph graph, Problems problems)
    {
        var breaks = new List<(string Id, string Port)>();
        graph.Loops.Push((loopId, breaks));
        var body = node["body"] is JsonObject b ? Compile(b, $"{path}.body", graph, problems) : null;
        graph.Loops.Pop();
        if (body is null)
        {
            problems.Add(loopId, $"{path}.body", "has no body. Give the loop a \"body\" activity (a Sequence or a Flowchart).");
            return new Fragment(loopId, [(loopId, after)]);
        }
        graph.Connect([(loopId, into)], body.Entry);
        graph.Connect(body.Exits, loopId);
        return new Fragment(loopId, [(loopId, after), .. breaks]);
    }

    private Fragment? CompileSequence(JsonObject node, string path, FlatGraph graph, Problems problems)
    {
        Fragment? first = null, previous = null;
        var list = node["activities"] as JsonArray ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject child) { graph.Nodes.Add((list[i], $"{path}.activities[{i}]")); continue; }
            if (Compile(child, $"{path}.activities[{i}]", graph, problems) is not { } fragment) continue;
            if (previous is not null) graph.Connect(previous.Exits, fragment.Entry);
            first ??= fragment;
            previous = fragment;
        }
        if (first is null)
        {
            problems.Add(Text(node["id"]), $"{path}.activities", "is an empty Sequence. Add activities to it or remove it.");
            return null;
        }
        return new Fragment(first.Entry, previous!.Exits);
    }

    /// <summary>A flowchart's own connections, leaving a structured child from its ends and entering it at its entry.</summary>
    private Fragment? CompileFlowchart(JsonObject node, string path, FlatGraph graph, Problems problems)
    {
        var fragments = new Dictionary<string, Fragment>(StringComparer.Ordinal);
        var structured = new HashSet<string>(StringComparer.Ordinal);
        string? startId = null;
        var list = node["activities"] as JsonArray ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject child) { graph.Nodes.Add((list[i], $"{path}.activities[{i}]")); continue; }
            if (Compile(child, $"{path}.activities[{i}]", graph, problems) is not { } fragment || Text(child["id"]) is not { } childId) continue;
            fragments[childId] = fragment;
            if (IsStructured(child)) structured.Add(childId);
            if (ElsaName(Text(child["type"])) == "Start") startId ??= childId;
        }
        var used = new HashSet<(string, string)>();
        var inbound = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in node["connections"] as JsonArray ?? [])
        {
            var connectionPath = $"{path}.connections[{index++}]";
            if (ReadConnection(item) is not { } c)
            {
                problems.Add(null, connectionPath, "is not a connection. Write { \"source\": { \"activity\": \"a\", \"port\": \"Done\" }, \"target\": { \"activity\": \"b\", \"port\": \"In\" } }.");
                continue;
            }
            used.Add((c.Source, c.SourcePort));
            inbound.Add(c.Target);
            var target = fragments.TryGetValue(c.Target, out var t) ? t.Entry : c.Target;
            // Leaving a structured child by "Done" means leaving from each of its ends.
            IEnumerable<(string, string)> from = structured.Contains(c.Source) && c.SourcePort == ActivityResult.DoneOutcome
                ? fragments[c.Source].Exits : [(c.Source, c.SourcePort)];
            graph.Connect(from, target);
        }
        if (fragments.Count == 0) return null;
        var entry = startId ?? fragments.Keys.FirstOrDefault(k => !inbound.Contains(k)) ?? fragments.Keys.First();
        // A nested flowchart is done when a path reaches an end: a port nothing leaves from.
        var exits = fragments.SelectMany(f => structured.Contains(f.Key)
                ? used.Contains((f.Key, ActivityResult.DoneOutcome)) ? [] : f.Value.Exits
                : f.Value.Exits.Where(e => !used.Contains(e)))
            .Distinct().ToList();
        return new Fragment(fragments[entry].Entry, exits);
    }

    /// <summary>Adds a copy of <paramref name="node"/> as <paramref name="type"/> without its embedded children.</summary>
    private static string Node(JsonObject node, string type, string path, FlatGraph graph, params string[] without)
    {
        var copy = (JsonObject)node.DeepClone();
        copy["type"] = type;
        foreach (var name in without) copy.Remove(name);
        return Add(copy, path, graph);
    }

    private static string Add(JsonObject node, string path, FlatGraph graph)
    {
        var id = Text(node["id"])!;
        graph.Ids.Add(id); // a duplicate id is reported by ReadActivities with its path
        graph.Nodes.Add((node, path));
        return id;
    }
}
