using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Runtime.Activities;

/// <summary>
/// What ExecuteWorkflow, DispatchWorkflow and a workflow definition used as an activity share: finding the child's published
/// version, asking the runtime to start it in the same commit, reading the notice its end sends, and storing a value into the
/// variable or workflow output an Elsa output reference names (the loader rewrites those references to <c>{ "variable" }</c> or <c>{ "output" }</c>).
/// </summary>
public static class ChildWorkflows
{
    /// <summary>The property of a rewritten output reference (the loader's form of Elsa's <c>{ "memoryReference": { "id" } }</c>).</summary>
    public const string TargetProperty = "storeInto";

    /// <summary>The latest published version of <paramref name="definitionId"/> and its flowchart; throws (the activity faults) when none is published.</summary>
    public static async Task<(WorkflowDefinitionVersion Version, FlowchartDefinition Definition)> PublishedAsync(ActivityContext context, string? definitionId)
    {
        if (string.IsNullOrWhiteSpace(definitionId))
            throw new InvalidOperationException("input 'workflowDefinitionId' gave nothing. Name the definition to run.");
        var store = context.Services.GetRequiredService<DefinitionStore>();
        var db = context.Services.RuntimeDb();
        var version = await store.LatestAsync(db, definitionId, context.CancellationToken)
            ?? throw new InvalidOperationException($"no published version of workflow definition '{definitionId}'. Publish it first.");
        return (version, await store.GetAsync(db, version.Id, context.CancellationToken));
    }

    /// <summary>Asks for child <paramref name="version"/> to start with <paramref name="input"/> (plus Elsa's <c>ParentInstanceId</c>); returns its id.</summary>
    public static Guid Start(ActivityContext context, WorkflowDefinitionVersion version, string? correlationId, JsonObject? input, bool wait)
    {
        var childId = Guid.CreateVersion7();
        var childInput = input?.DeepClone().AsObject() ?? [];
        childInput["ParentInstanceId"] = context.InstanceId.ToString();
        context.StartChildWorkflow(new ChildWorkflowRequest(childId, version.Id, correlationId, childInput, wait));
        context.Journal($"started {version.DefinitionId} v{version.Version} as instance {childId}{(wait ? ", waiting for it" : "")}");
        return childId;
    }

    /// <summary>An input that holds a dictionary: a JSON object, or text holding one.</summary>
    public static JsonObject? Dictionary(JsonNode? value, string input) => value switch
    {
        null => null,
        JsonObject o => o,
        JsonValue v when v.TryGetValue<string>(out var text) && text.Trim().Length == 0 => null,
        JsonValue v when v.TryGetValue<string>(out var text) && JsonNode.Parse(text) is JsonObject parsed => parsed,
        _ => throw new InvalidOperationException($"input '{input}' gave {value.ToJsonString()}, not an object of named values. Give {{ \"Name\": value, ... }}."),
    };

    /// <summary>The notice a child's end sends its waiting parent (the payload of the resumed signal).</summary>
    public sealed record Notice(Guid InstanceId, string SubStatus, JsonObject Output, IReadOnlyList<string> Outcomes, string? Incident, bool SameStep)
    {
        public bool Faulted => SubStatus == "Faulted";

        /// <summary>Elsa's ExecuteWorkflowResult: the child's id, status, sub-status and output.</summary>
        public JsonObject Result() => new()
        {
            ["workflowInstanceId"] = InstanceId.ToString(), ["status"] = "Finished", ["subStatus"] = SubStatus, ["output"] = Output.DeepClone(),
        };

        public JsonObject ToJson() => new()
        {
            ["instanceId"] = InstanceId.ToString(), ["subStatus"] = SubStatus, ["output"] = Output.DeepClone(),
            ["outcomes"] = new JsonArray([.. Outcomes.Select(o => (JsonNode?)JsonValue.Create(o))]), ["incident"] = Incident, ["sameStep"] = SameStep,
        };

        public static Notice Read(JsonNode? payload)
        {
            if (payload is not JsonObject o || !Guid.TryParse(o["instanceId"]?.ToString(), out var id))
                throw new InvalidOperationException($"was resumed without the notice of its child workflow ({payload?.ToJsonString() ?? "nothing"}).");
            var outcomes = (o["outcomes"] as JsonArray ?? []).Select(x => x?.ToString() ?? "").Where(x => x.Length > 0).ToList();
            return new Notice(id, o["subStatus"]?.ToString() ?? "Finished", o["output"] as JsonObject ?? [],
                outcomes.Count > 0 ? outcomes : [ActivityResult.DoneOutcome], o["incident"]?.ToString(), o["sameStep"]?.GetValueKind() == System.Text.Json.JsonValueKind.True);
        }
    }

    /// <summary>Stores <paramref name="value"/> where output property <paramref name="property"/> of the activity points (nothing when it points nowhere).</summary>
    public static void Store(ActivityContext context, string property, JsonNode? value)
    {
        if ((context.Node[property] as JsonObject)?[TargetProperty] is not JsonObject target) return;
        if (target["variable"]?.ToString() is { Length: > 0 } variable) context.SetVariable(variable, value);
        else if (target["output"]?.ToString() is { Length: > 0 } output) context.SetOutput(output, value);
    }
}
