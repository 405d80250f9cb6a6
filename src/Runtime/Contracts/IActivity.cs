namespace CallManager.Runtime.Contracts;

/// <summary>
/// A step of a flowchart. An activity either completes with one or more named outcomes (the ports its outgoing
/// connections leave from, e.g. "Done", "True"/"False") or creates bookmarks and suspends until a stimulus or a
/// timer resumes it. Activities are resolved from dependency injection for each execution; they keep no state of
/// their own: what must survive a restart goes into variables or bookmarks.
/// </summary>
public interface IActivity
{
    /// <summary>Runs the activity when control reaches it.</summary>
    ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>
    /// Runs when one of the activity's bookmarks is resumed (<see cref="ActivityContext.ResumedBookmark"/>,
    /// <see cref="ActivityContext.Payload"/>); by default the activity completes with "Done".
    /// </summary>
    ValueTask<ActivityResult> ResumeAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
