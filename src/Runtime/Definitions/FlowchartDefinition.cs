using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Expressions;

namespace CallManager.Runtime.Definitions;

/// <summary>A validated flowchart, ready to run: activities by id, port-labelled connections, the start, the trigger.</summary>
public sealed class FlowchartDefinition
{
    private readonly Dictionary<string, HashSet<string>> _reachable = new();

    internal FlowchartDefinition(string definitionId, string name, IReadOnlyDictionary<string, FlowActivity> activities,
        IReadOnlyList<FlowConnection> connections, string startActivityId, JsonObject defaultVariables, FlowActivity? trigger)
    {
        DefinitionId = definitionId;
        Name = name;
        Activities = activities;
        Connections = connections;
        StartActivityId = startActivityId;
        DefaultVariables = defaultVariables;
        Trigger = trigger;
        Outgoing = connections.ToLookup(c => c.Source);
        Incoming = connections.ToLookup(c => c.Target);
    }

    public string DefinitionId { get; }
    public string Name { get; }
    public IReadOnlyDictionary<string, FlowActivity> Activities { get; }
    public IReadOnlyList<FlowConnection> Connections { get; }
    public ILookup<string, FlowConnection> Outgoing { get; }
    public ILookup<string, FlowConnection> Incoming { get; }

    /// <summary>Where a started instance begins.</summary>
    public string StartActivityId { get; }

    /// <summary>The variables declared with their initial values.</summary>
    public JsonObject DefaultVariables { get; }

    /// <summary>The WaitForSignal marked <c>canStartWorkflow</c>, if any: its signal starts one instance per correlation id.</summary>
    public FlowActivity? Trigger { get; }

    /// <summary>The names of the declared inputs (Elsa's <c>inputs</c>): a parent using this definition as an activity passes them.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>The names of the declared outputs (Elsa's <c>outputs</c>), set by SetOutput.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>The declared outcomes (Elsa's <c>outcomes</c>): the ports of this definition used as an activity, besides "Done".</summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [];

    /// <summary>The other definitions this one uses as activities, resolved when files are validated or published together.</summary>
    public IReadOnlyList<DefinitionReference> References { get; init; } = [];

    /// <summary>Prepared scripts and parsed templates of this definition version.</summary>
    public ExpressionCache Expressions { get; } = new();

    /// <summary>The activities reachable from <paramref name="activityId"/> by following connections (itself excluded unless on a loop).</summary>
    public IReadOnlySet<string> ReachableFrom(string activityId)
    {
        lock (_reachable)
        {
            if (_reachable.TryGetValue(activityId, out var cached)) return cached;
            var seen = new HashSet<string>();
            var stack = new Stack<string>(Outgoing[activityId].Select(c => c.Target));
            while (stack.TryPop(out var next))
            {
                if (!seen.Add(next)) continue;
                foreach (var c in Outgoing[next]) stack.Push(c.Target);
            }
            _reachable[activityId] = seen;
            return seen;
        }
    }
}

/// <summary>An activity of a flowchart: its id, its type as written, the registered descriptor and its JSON node (inputs).</summary>
public sealed record FlowActivity(string Id, string Type, ActivityDescriptor Descriptor, JsonObject Node);

/// <summary>An activity that runs another definition: where it is, the definition id it names, its type as written and the ports it leaves by.</summary>
public sealed record DefinitionReference(string ActivityId, string Path, string DefinitionId, string Type, IReadOnlyList<string> Ports);

/// <summary>A connection from a source activity's outcome port to a target activity.</summary>
public sealed record FlowConnection(string Source, string SourcePort, string Target, string TargetPort)
{
    public override string ToString() => $"'{Source}' (port {SourcePort}) → '{Target}'";
}

/// <summary>A problem of a definition file: the activity and the JSON path it concerns (when known); the message says what to fix.</summary>
public sealed record DefinitionProblem(string File, string? ActivityId, string Message, string? Path = null)
{
    public override string ToString() =>
        (ActivityId is null ? File : $"{File}: activity '{ActivityId}'") + (Path is null ? "" : $" (at {Path})") + $": {Message}";
}
