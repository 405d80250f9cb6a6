using CallManager.Runtime.Contracts;

namespace CallManager.Domain.Grants.Activities;

/// <summary>
/// Waits for the instant of input <c>dueAt</c> (a durable timer; none when it is empty) or for the grant to change
/// (stimulus <see cref="GrantService.ChangedSignal"/>), whichever comes first: completes "Due" on the timer (at once when
/// the instant has passed), "Changed" on the stimulus. Either way its other bookmark is removed.
/// </summary>
public sealed class WaitForGrantReminder : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var dueAt = context.GetInput<DateTimeOffset?>("dueAt");
        if (dueAt <= context.Now) return ValueTask.FromResult(ActivityResult.Outcome("Due"));
        var changed = BookmarkRequest.Signal(GrantService.ChangedSignal);
        return ValueTask.FromResult(dueAt is { } at
            ? ActivityResult.Suspend(BookmarkRequest.Timer(at), changed)
            : ActivityResult.Suspend(changed));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome(context.ResumedBookmark == BookmarkRequest.TimerName ? "Due" : "Changed"));
}
