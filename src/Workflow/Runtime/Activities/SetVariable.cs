using System.Text.Json.Nodes;
using CallManager.Workflow.Runtime.Contracts;

namespace CallManager.Workflow.Runtime.Activities;

/// <summary>Sets the variable named by <c>variable</c> (a name or Elsa's <c>{ "name": ... }</c> reference) to the value of <c>value</c>.</summary>
public sealed class SetVariable : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = VariableName(context.Node["variable"])
            ?? throw new InvalidOperationException("SetVariable needs input 'variable' naming the variable to set.");
        context.SetVariable(name, context.GetInput("value"));
        return ValueTask.FromResult(ActivityResult.Done());
    }

    /// <summary>The variable name of a <c>variable</c> input: a string, or an object with "name".</summary>
    public static string? VariableName(JsonNode? variable) => variable switch
    {
        JsonObject o when o["name"] is JsonValue n => n.GetValue<string>(),
        JsonObject o when o["expression"]?["value"] is JsonValue v => v.ToString(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => null,
    };
}
