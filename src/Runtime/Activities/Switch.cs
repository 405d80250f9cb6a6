using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Evaluates the conditions of <c>cases</c> (<c>[{ "label", "condition" }]</c>, Elsa's FlowSwitch shape) and
/// completes with the first matching label (<c>mode</c> "MatchFirst", the default) or every matching label
/// ("MatchAny"); "Default" when none matches.
/// </summary>
public sealed class Switch : IActivity
{
    public const string Default = "Default";

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var matchAny = string.Equals(context.GetInput<string>("mode"), "MatchAny", StringComparison.OrdinalIgnoreCase);
        var matched = new List<string>();
        foreach (var (label, condition) in Cases(context.Node))
        {
            if (!IsTrue(context.Evaluate(condition, $"cases[{label}]"), label)) continue;
            matched.Add(label);
            if (!matchAny) break;
        }
        return ValueTask.FromResult(ActivityResult.Outcome(matched.Count > 0 ? [.. matched] : [Default]));
    }

    private static bool IsTrue(JsonNode? value, string label)
    {
        try
        {
            return ActivityContext.Convert<bool>(value);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new InvalidOperationException($"case '{label}': the condition gave {value?.ToJsonString() ?? "null"}, not a boolean. Make it return true or false.", e);
        }
    }

    /// <summary>The (label, condition) pairs of a switch node.</summary>
    public static IEnumerable<(string Label, JsonNode? Condition)> Cases(JsonObject node)
    {
        if (node["cases"] is not JsonArray cases) yield break;
        foreach (var item in cases.OfType<JsonObject>())
            yield return (item["label"] is JsonValue l && l.TryGetValue<string>(out var label) ? label : "", item["condition"]);
    }
}
