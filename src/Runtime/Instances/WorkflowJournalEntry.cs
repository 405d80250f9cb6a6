namespace CallManager.Runtime.Instances;

/// <summary>One line of an instance's append-only execution journal, stored with the other lines of its step (<see cref="WorkflowJournalStep"/>).</summary>
public sealed class WorkflowJournalEntry
{
    public Guid InstanceId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActivityId { get; set; }
    public string? ActivityType { get; set; }

    /// <summary>What happened: Started, Executed, Completed, Suspended, Resumed, Faulted, Finished, Cancelled, Retried, Note.</summary>
    public string Event { get; set; } = "";

    /// <summary>Outcomes, bookmark names or a message (at most <see cref="MaxDetail"/> characters).</summary>
    public string? Detail { get; set; }

    /// <summary>The longest detail kept; a longer one is cut.</summary>
    public const int MaxDetail = 2000;

    /// <summary>A line of instance <paramref name="instanceId"/>, its detail cut to <see cref="MaxDetail"/> characters.</summary>
    public static WorkflowJournalEntry Line(Guid instanceId, DateTimeOffset at, string @event, string? detail, string? activityId = null, string? activityType = null) => new()
    {
        InstanceId = instanceId, At = at, Event = @event, ActivityId = activityId, ActivityType = activityType,
        Detail = detail is { Length: > MaxDetail } ? detail[..MaxDetail] : detail,
    };
}
