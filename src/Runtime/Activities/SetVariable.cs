using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Definitions;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Sets the variable named by <c>variable</c> (a name or Elsa's <c>{ "name": ... }</c> reference) to the value of <c>value</c>,
/// converted to the variable's declared type as Elsa does (the loader puts the declared type in the reference).
/// </summary>
public sealed class SetVariable : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = VariableName(context.Node["variable"])
            ?? throw new InvalidOperationException("SetVariable needs input 'variable' naming the variable to set.");
        var value = context.GetInput("value");
        if (context.Node["variable"] is JsonObject declared && declared["typeName"] is JsonValue type && type.TryGetValue<string>(out var typeName))
        {
            try
            {
                value = VariableTypes.Convert(value, typeName, declared["isArray"]?.GetValueKind() == System.Text.Json.JsonValueKind.True);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"SetVariable '{name}': {e.Message}.", e);
            }
        }
        context.SetVariable(name, value);
        return ValueTask.FromResult(ActivityResult.Done());
    }

    /// <summary>The variable name of a <c>variable</c> input: a string, or an object with "name".</summary>
    public static string? VariableName(JsonNode? variable) => variable switch
    {
        JsonObject o when o["name"] is JsonValue n && n.TryGetValue<string>(out var s) => s,
        JsonObject o when (o["expression"] as JsonObject)?["value"] is JsonValue v => v.ToString(),
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => null,
    };
}
