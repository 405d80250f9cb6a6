using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Waits for the stimulus named by input <c>signal</c> (Elsa's <c>Event</c> uses <c>eventName</c>) with the
/// instance's correlation id; when resumed, stores the payload in the variable named by <c>resultVariable</c>, if given.
/// With <c>"canStartWorkflow": true</c> it is the definition's trigger.
/// </summary>
public sealed class WaitForSignal : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Signal(SignalName(context))));

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        if (context.GetInput<string>("resultVariable") is { Length: > 0 } variable)
            context.SetVariable(variable, context.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }

    /// <summary>The stimulus name the activity waits for.</summary>
    public static string SignalName(ActivityContext context) =>
        context.GetInput<string>("signal") ?? context.GetInput<string>("eventName")
        ?? throw new InvalidOperationException("WaitForSignal needs input 'signal' (the stimulus name).");
}
