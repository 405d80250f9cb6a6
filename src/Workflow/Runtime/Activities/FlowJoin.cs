using CallManager.Workflow.Runtime.Contracts;

namespace CallManager.Workflow.Runtime.Activities;

/// <summary>
/// Merges branches. With <c>mode</c> "WaitAll" (default) the executor runs it once every inbound connection has
/// arrived; with "WaitAny" on the first arrival, removing the bookmarks of the other branches leading to it.
/// </summary>
public sealed class FlowJoin : IActivity
{
    /// <summary>True when <paramref name="mode"/> is "WaitAny".</summary>
    public static bool IsWaitAny(string? mode) => string.Equals(mode, "WaitAny", StringComparison.OrdinalIgnoreCase);

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
