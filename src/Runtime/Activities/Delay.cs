using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>Waits for the duration of input <c>timeSpan</c> ("1.00:00:00", or a number of seconds) via a timer bookmark.</summary>
public sealed class Delay : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var value = context.GetInput("timeSpan");
        var duration = value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<double>(out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : ActivityContext.Convert<TimeSpan>(value);
        return ValueTask.FromResult(duration <= TimeSpan.Zero
            ? ActivityResult.Done()
            : ActivityResult.Suspend(BookmarkRequest.Timer(context.Now + duration)));
    }
}

/// <summary>Waits until the instant given by input <c>dueAt</c> (e.g. a call's deadline); completes at once when it has passed.</summary>
public sealed class WaitUntil : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var dueAt = context.GetInput<DateTimeOffset?>("dueAt")
            ?? throw new InvalidOperationException("WaitUntil needs input 'dueAt' (an instant); the expression gave nothing.");
        return ValueTask.FromResult(dueAt <= context.Now
            ? ActivityResult.Done()
            : ActivityResult.Suspend(BookmarkRequest.Timer(dueAt)));
    }
}
