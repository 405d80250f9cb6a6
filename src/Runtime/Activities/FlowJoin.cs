using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Merges branches, with Elsa's modes. "WaitAny" (the default, as in Elsa 3) runs on the first arrival and stops the other
/// branches leading to it (their bookmarks and queued work are removed); "WaitAll" (Elsa 3.0 to 3.4) or "WaitAllActive" (its
/// later name) runs once every inbound branch that was taken has arrived (a branch a decision did not take is not waited for).
/// Elsa 3.6's "WaitAllInbound" runs once every inbound connection was followed, two ports of one decision counting as two: a
/// connection not taken blocks it, and the instance stays Suspended without a bookmark, as in Elsa. The executor does the
/// waiting; the join itself completes.
/// </summary>
public sealed class FlowJoin : IActivity
{
    /// <summary>Elsa's modes (FlowJoinMode), by name or by number as its enum serializes them.</summary>
    private static readonly string[] Modes = ["WaitAll", "WaitAllActive", "WaitAny", "WaitAllInbound", "0", "1", "2"];

    /// <summary>True when <paramref name="mode"/> is Elsa 3.6's "WaitAllInbound".</summary>
    public static bool IsWaitAllInbound(string? mode) =>
        string.Equals(mode, "WaitAllInbound", StringComparison.OrdinalIgnoreCase) || mode == "2";

    /// <summary>How a WaitAllInbound join records the arrival through one connection.</summary>
    public static string ConnectionKey(string source, string port) => $"{source}:{port}";

    /// <summary>True when <paramref name="mode"/> is "WaitAny" or not given (Elsa's default).</summary>
    public static bool IsWaitAny(string? mode) =>
        string.IsNullOrEmpty(mode) || string.Equals(mode, "WaitAny", StringComparison.OrdinalIgnoreCase) || mode == "1";

    /// <summary>True when <paramref name="mode"/> is a mode Elsa's FlowJoin has (or none).</summary>
    public static bool IsKnownMode(string? mode) => string.IsNullOrEmpty(mode) || Modes.Contains(mode, StringComparer.OrdinalIgnoreCase);

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
