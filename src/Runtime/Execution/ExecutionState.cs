using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallManager.Runtime.Execution;

/// <summary>A unit of work of the executor: run (or resume) an activity, arriving from another one.</summary>
/// <param name="ActivityId">The activity to run.</param>
/// <param name="From">The activity whose outcome led here (joins count arrivals by it).</param>
/// <param name="ResumeBookmark">When resuming: the bookmark name (the activity's ResumeAsync runs instead of ExecuteAsync).</param>
/// <param name="Payload">When resuming: the stimulus payload.</param>
/// <param name="FromPort">The port of <paramref name="From"/> the connection left from (a WaitAllInbound join counts connections).</param>
public sealed record WorkItem(string ActivityId, string? From = null, string? ResumeBookmark = null, JsonNode? Payload = null, string? FromPort = null);

/// <summary>The executor's persisted state (<c>StateJson</c>): work pending after a fault and the arrivals at WaitAll joins.</summary>
public sealed class ExecutionState
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The work of the step that faulted, run again by a retry.</summary>
    public List<WorkItem> Pending { get; set; } = [];

    /// <summary>For each join waiting for all branches: the activities that arrived.</summary>
    public Dictionary<string, List<string>> JoinArrivals { get; set; } = [];

    public static ExecutionState Parse(string json) =>
        string.IsNullOrWhiteSpace(json) || json == "{}" ? new ExecutionState() : JsonSerializer.Deserialize<ExecutionState>(json, Json) ?? new ExecutionState();

    public string ToJson() => Pending.Count == 0 && JoinArrivals.Count == 0 ? "{}" : JsonSerializer.Serialize(this, Json);
}

/// <summary>An activity threw: the step is rolled back and the instance faulted, retryable from the step's pending work.</summary>
public sealed class ActivityFaultException(string activityId, string activityType, Exception inner)
    : Exception($"Activity '{activityId}' ({activityType}) failed: {inner.Message}", inner)
{
    public string ActivityId { get; } = activityId;
    public string ActivityType { get; } = activityType;
}
