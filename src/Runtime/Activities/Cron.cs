using CallManager.Runtime.Contracts;
using CallManager.Runtime.Scheduling;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's Cron: in a flow, waits until the next occurrence of input <c>cronExpression</c> (UTC; 5 fields, or 6 with seconds, as
/// Hangfire reads them) through a durable timer, then completes. Marked <c>canStartWorkflow</c>, it starts the definition at each
/// occurrence instead (a recurring job, <see cref="ScheduledTrigger"/>), and a started instance goes straight on from it.
/// </summary>
public sealed class Cron : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var text = context.GetInput<string>("cronExpression") ?? "";
        if (!CronSchedule.TryParse(text, out var schedule, out var error))
            throw new InvalidOperationException($"Cron: '{text}' is not a cron expression ({error}).");
        var next = schedule.Next(context.Now)
            ?? throw new InvalidOperationException($"Cron: '{text}' never occurs again.");
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Timer(next)));
    }
}
