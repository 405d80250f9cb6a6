namespace CallManager.Runtime.Instances;

/// <summary>The life of a workflow instance.</summary>
public enum WorkflowStatus
{
    /// <summary>Executing (only seen inside a step, or when a step was interrupted).</summary>
    Running,
    /// <summary>Waiting on bookmarks (stimuli or timers).</summary>
    Suspended,
    /// <summary>Completed: no more bookmarks.</summary>
    Finished,
    /// <summary>An activity failed: see the incident; retry or cancel.</summary>
    Faulted,
    /// <summary>Cancelled by an administrator.</summary>
    Cancelled,
}
