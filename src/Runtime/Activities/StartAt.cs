using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's StartAt: waits until the instant of input <c>dateTime</c> through a durable timer (completes at once when it has passed,
/// as Elsa does). Marked <c>canStartWorkflow</c>, it starts the definition once at that instant (<see cref="Scheduling.ScheduledTrigger"/>).
/// </summary>
public sealed class StartAt : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var at = context.GetInput<DateTimeOffset?>("dateTime")
            ?? throw new InvalidOperationException("StartAt needs input 'dateTime' (an instant); the expression gave nothing.");
        return ValueTask.FromResult(at <= context.Now ? ActivityResult.Done() : ActivityResult.Suspend(BookmarkRequest.Timer(at)));
    }
}
