using System.Text.Json.Nodes;

namespace CallManager.Runtime.Definitions;

/// <summary>What changed between two versions of a definition: activities, connections and variables (designer metadata ignored).</summary>
public sealed record DefinitionDiff(
    string DefinitionId, int FromVersion, int ToVersion,
    IReadOnlyList<DefinitionDiff.ActivityEntry> ActivitiesAdded,
    IReadOnlyList<DefinitionDiff.ActivityEntry> ActivitiesRemoved,
    IReadOnlyList<DefinitionDiff.ActivityChange> ActivitiesChanged,
    IReadOnlyList<string> ConnectionsAdded,
    IReadOnlyList<string> ConnectionsRemoved,
    IReadOnlyList<string> VariablesAdded,
    IReadOnlyList<string> VariablesRemoved,
    IReadOnlyList<DefinitionDiff.VariableChange> VariablesChanged)
{
    /// <summary>An activity by id and type.</summary>
    public sealed record ActivityEntry(string Id, string Type);

    /// <summary>An activity present in both versions whose type or inputs differ: the properties that differ, with their JSON before and after.</summary>
    public sealed record ActivityChange(string Id, string FromType, string ToType, IReadOnlyList<PropertyChange> Properties);

    /// <summary>One property of an activity or a variable, as JSON text (null when absent).</summary>
    public sealed record PropertyChange(string Name, string? Before, string? After);

    /// <summary>A variable declared in both versions whose type, initial value or storage differs.</summary>
    public sealed record VariableChange(string Name, IReadOnlyList<PropertyChange> Properties);

    /// <summary>True when the two versions run the same flowchart.</summary>
    public bool IsEmpty => ActivitiesAdded.Count + ActivitiesRemoved.Count + ActivitiesChanged.Count + ConnectionsAdded.Count + ConnectionsRemoved.Count
                           + VariablesAdded.Count + VariablesRemoved.Count + VariablesChanged.Count == 0;
}

/// <summary>Compares two loaded versions of a definition (pure: no database).</summary>
public static class DefinitionComparison
{
    // Designer positions and sizes, and the variable's generated id, do not change what runs.
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "metadata", "id" };

    /// <summary>The differences from <paramref name="from"/> (version <paramref name="fromVersion"/>) to <paramref name="to"/>.</summary>
    public static DefinitionDiff Compare(int fromVersion, DefinitionLoader.Result from, int toVersion, DefinitionLoader.Result to)
    {
        var a = from.Definition ?? throw new ArgumentException("The first version does not load.", nameof(from));
        var b = to.Definition ?? throw new ArgumentException("The second version does not load.", nameof(to));
        var added = b.Activities.Values.Where(x => !a.Activities.ContainsKey(x.Id)).Select(Entry).OrderBy(x => x.Id, StringComparer.Ordinal).ToList();
        var removed = a.Activities.Values.Where(x => !b.Activities.ContainsKey(x.Id)).Select(Entry).OrderBy(x => x.Id, StringComparer.Ordinal).ToList();
        var changed = a.Activities.Values.Where(x => b.Activities.ContainsKey(x.Id)).OrderBy(x => x.Id, StringComparer.Ordinal)
            .Select(x => (x, y: b.Activities[x.Id]))
            .Select(p => new DefinitionDiff.ActivityChange(p.x.Id, p.x.Type, p.y.Type, Properties(p.x.Node, p.y.Node)))
            .Where(c => c.FromType != c.ToType || c.Properties.Count > 0).ToList();
        var connectionsA = a.Connections.Select(c => c.ToString()).ToHashSet(StringComparer.Ordinal);
        var connectionsB = b.Connections.Select(c => c.ToString()).ToHashSet(StringComparer.Ordinal);
        var variablesA = Variables(from.Document);
        var variablesB = Variables(to.Document);
        return new DefinitionDiff(b.DefinitionId, fromVersion, toVersion, added, removed, changed,
            [.. connectionsB.Except(connectionsA).Order(StringComparer.Ordinal)],
            [.. connectionsA.Except(connectionsB).Order(StringComparer.Ordinal)],
            [.. variablesB.Keys.Except(variablesA.Keys).Order(StringComparer.Ordinal)],
            [.. variablesA.Keys.Except(variablesB.Keys).Order(StringComparer.Ordinal)],
            [.. variablesA.Keys.Intersect(variablesB.Keys).Order(StringComparer.Ordinal)
                .Select(name => new DefinitionDiff.VariableChange(name, Properties(variablesA[name], variablesB[name])))
                .Where(v => v.Properties.Count > 0)]);
    }

    private static DefinitionDiff.ActivityEntry Entry(FlowActivity activity) => new(activity.Id, activity.Type);

    /// <summary>The top-level properties whose JSON differs (ignoring designer metadata and ids).</summary>
    private static List<DefinitionDiff.PropertyChange> Properties(JsonObject before, JsonObject after) =>
        before.Select(p => p.Key).Union(after.Select(p => p.Key)).Where(k => !Ignored.Contains(k)).Order(StringComparer.Ordinal)
            .Where(k => !JsonNode.DeepEquals(before[k], after[k]))
            .Select(k => new DefinitionDiff.PropertyChange(k, before[k]?.ToJsonString(), after[k]?.ToJsonString())).ToList();

    /// <summary>The declared variables by name (Elsa's <c>variables</c> array).</summary>
    private static Dictionary<string, JsonObject> Variables(JsonObject? document)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var variable in (document?["variables"] as JsonArray ?? []).OfType<JsonObject>())
            if (DefinitionLoader.Text(variable["name"]) is { Length: > 0 } name) result.TryAdd(name, variable);
        return result;
    }
}
