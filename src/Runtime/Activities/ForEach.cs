using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's ForEach compiled into the flowchart: each time it runs it takes the next of input <c>items</c> (evaluated when the
/// loop starts), stores it in the variable <c>currentValue</c> names and leaves by "Iterate" into its body, whose ends lead
/// back here; after the last item it leaves by "Done". Its position is kept in a variable of the instance, so a loop whose
/// body waits (a timer, a signal) goes on where it was after a restart. ParallelForEach runs the same way, one item after another.
/// </summary>
public sealed class ForEach : IActivity
{
    public const string Iterate = "Iterate";

    /// <summary>The instance variable holding the loop's items and position; <see cref="Break"/> clears it.</summary>
    public static string StateVariable(string loopId) => $"__loop:{loopId}";

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = context.GetVariable(StateVariable(context.ActivityId)) as JsonObject;
        JsonArray items;
        int next;
        if (state is null)
        {
            items = context.GetInput("items") switch
            {
                JsonArray array => array,
                null => [],
                JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => [.. s.Split(',', StringSplitOptions.TrimEntries).Select(x => (JsonNode?)JsonValue.Create(x))],
                var single => [single.DeepClone()],
            };
            next = 0;
        }
        else
        {
            items = state["items"] as JsonArray ?? [];
            next = (int?)state["next"] ?? items.Count;
        }
        if (next >= items.Count)
        {
            context.SetVariable(StateVariable(context.ActivityId), null);
            return ValueTask.FromResult(ActivityResult.Done());
        }
        if (SetVariable.VariableName(context.Node["currentValue"]) is { } name) context.SetVariable(name, items[next]?.DeepClone());
        context.SetVariable(StateVariable(context.ActivityId), new JsonObject { ["items"] = items.DeepClone(), ["next"] = next + 1 });
        return ValueTask.FromResult(ActivityResult.Outcome(Iterate));
    }
}
