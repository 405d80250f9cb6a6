using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>Starts parallel branches: completes with every name of <c>branches</c> (an array or a comma-separated list).</summary>
public sealed class Fork : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome([.. Branches(context.GetInput("branches"))]));

    /// <summary>The branch names of a <c>branches</c> value.</summary>
    public static IEnumerable<string> Branches(JsonNode? value) => value switch
    {
        JsonArray array => array.Select(b => b?.ToString() ?? "").Where(b => b.Length > 0),
        JsonValue v when v.TryGetValue<string>(out var text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };
}
