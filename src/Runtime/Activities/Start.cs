using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>Where a flowchart begins: completes with "Done".</summary>
public sealed class Start : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>Ends the workflow: the instance is Finished and its other bookmarks are removed.</summary>
public sealed class Finish : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.FinishWorkflow());
}
