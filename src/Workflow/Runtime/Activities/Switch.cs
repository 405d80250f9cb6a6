using System.Text.Json.Nodes;
using CallManager.Workflow.Runtime.Contracts;

namespace CallManager.Workflow.Runtime.Activities;

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
            if (!ActivityContext.Convert<bool>(context.Evaluate(condition, $"cases[{label}]"))) continue;
            matched.Add(label);
            if (!matchAny) break;
        }
        return ValueTask.FromResult(ActivityResult.Outcome(matched.Count > 0 ? [.. matched] : [Default]));
    }

    /// <summary>The (label, condition) pairs of a switch node.</summary>
    public static IEnumerable<(string Label, JsonNode? Condition)> Cases(JsonObject node)
    {
        if (node["cases"] is not JsonArray cases) yield break;
        foreach (var item in cases.OfType<JsonObject>())
            yield return (item["label"]?.GetValue<string>() ?? "", item["condition"]);
    }
}
