using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>Evaluates input <c>condition</c> and completes with "True" or "False".</summary>
public sealed class FlowDecision : IActivity
{
    public const string True = "True";
    public const string False = "False";

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome(context.GetInput<bool>("condition") ? True : False));
}
