using Hangfire;

namespace CallManager.Runtime.Timers;

/// <summary>
/// Hangfire scheduling of timer bookmarks: a job carries only the instance and bookmark ids. Hangfire keeps
/// whole seconds, so the delay is rounded up; the job still re-checks the due instant and never resumes early.
/// </summary>
public sealed class TimerScheduler(IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>Schedules the job of a timer bookmark due at <paramref name="dueAt"/>; returns its job id.</summary>
    public string Schedule(Guid instanceId, Guid bookmarkId, DateTimeOffset dueAt)
    {
        var delay = dueAt - clock.GetUtcNow();
        delay = delay <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
        return jobs.Schedule<WorkflowTimerJob>(job => job.RunAsync(instanceId, bookmarkId), delay);
    }

    /// <summary>Deletes the job of a removed bookmark (a job that already ran is left alone).</summary>
    public void Delete(string? jobId)
    {
        if (!string.IsNullOrEmpty(jobId)) jobs.Delete(jobId);
    }
}

/// <summary>The Hangfire job of a timer bookmark: ids in, the runtime does the rest (idempotent).</summary>
public sealed class WorkflowTimerJob(WorkflowRuntime runtime)
{
    /// <summary>Fires the bookmark if it still exists and is due; otherwise does nothing or waits again.</summary>
    public Task RunAsync(Guid instanceId, Guid bookmarkId) => runtime.FireTimerAsync(instanceId, bookmarkId, CancellationToken.None);
}
