using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Merges branches, with Elsa's modes. "WaitAny" (the default, as in Elsa 3) runs on the first arrival and stops the other
/// branches leading to it (their bookmarks and queued work are removed); "WaitAll" (Elsa 3.0 to 3.4) or "WaitAllActive" (its
/// later name) runs once every inbound branch that was taken has arrived (a branch a decision did not take is not waited for).
/// Elsa's later "WaitAllInbound" (block until every inbound connection was followed, taken or not) is not run: the loader
/// refuses it. The executor does the waiting; the join itself completes.
/// </summary>
public sealed class FlowJoin : IActivity
{
    /// <summary>Elsa's modes (FlowJoinMode), by name or by number as its enum serializes them.</summary>
    private static readonly string[] Modes = ["WaitAll", "WaitAllActive", "WaitAny", "0", "1"];

    /// <summary>True when <paramref name="mode"/> is "WaitAny" or not given (Elsa's default).</summary>
    public static bool IsWaitAny(string? mode) =>
        string.IsNullOrEmpty(mode) || string.Equals(mode, "WaitAny", StringComparison.OrdinalIgnoreCase) || mode == "1";

    /// <summary>True when <paramref name="mode"/> is a mode Elsa's FlowJoin has (or none).</summary>
    public static bool IsKnownMode(string? mode) => string.IsNullOrEmpty(mode) || Modes.Contains(mode, StringComparer.OrdinalIgnoreCase);

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
