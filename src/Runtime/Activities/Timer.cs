using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's Timer: in a flow, waits one <c>interval</c> ("00:05:00", or a number of seconds) through a durable timer, then completes.
/// Marked <c>canStartWorkflow</c>, it starts the definition every interval instead (a recurring job, <see cref="Scheduling.ScheduledTrigger"/>),
/// and a started instance goes straight on from it.
/// </summary>
public sealed class Timer : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var interval = Interval(context.GetInput("interval"));
        if (interval <= TimeSpan.Zero)
            throw new InvalidOperationException($"Timer: the interval is {interval}; give a positive duration such as \"00:05:00\".");
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Timer(context.Now + interval)));
    }

    /// <summary>A duration written as "d.hh:mm:ss" or as a number of seconds.</summary>
    public static TimeSpan Interval(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<double>(out var seconds) ? TimeSpan.FromSeconds(seconds) : ActivityContext.Convert<TimeSpan>(value);
}
