using CallManager.Domain.Common;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using CallManager.Runtime.Timers;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallManager.Runtime;

/// <summary>Timers: the job's entry point, moving a due instant, and start-up recovery.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Fires timer bookmark <paramref name="bookmarkId"/>: nothing when it is gone (consumed, removed); schedules
    /// itself again when run before its due instant (Hangfire keeps whole seconds); otherwise resumes the activity.
    /// </summary>
    public async Task FireTimerAsync(Guid instanceId, Guid bookmarkId, CancellationToken cancellationToken)
    {
        var (steps, early) = await WithRetryAsync<(List<FlowchartExecutor>, DateTimeOffset?)>(async (services, db) =>
        {
            var bookmark = await db.Set<WorkflowBookmark>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookmarkId && b.InstanceId == instanceId, cancellationToken);
            if (bookmark?.DueAt is not { } dueAt) return ([], null);
            if (dueAt > clock.GetUtcNow()) return ([], dueAt);
            var instance = await db.Set<WorkflowInstance>().AsNoTracking().FirstAsync(i => i.Id == instanceId, cancellationToken);
            if (instance.Status != WorkflowStatus.Suspended)
            {
                logger.LogInformation("Timer {BookmarkId} of instance {InstanceId} is due but the instance is {Status}; it fires after a retry.", bookmarkId, instanceId, instance.Status);
                return ([], null);
            }
            var bookmarks = await AllBookmarksAsync(db, instanceId, cancellationToken);
            var step = await RunOrFaultAsync(services, db, instance, bookmarks, [new WorkItem(bookmark.ActivityId, ResumeBookmark: BookmarkRequest.TimerName)], isNew: false, cancellationToken);
            var steps = step is null ? new List<FlowchartExecutor>() : [step];
            await AddChildrenAsync(services, db, steps, cancellationToken);
            await StepWriter.SaveAsync(db, steps, null, cancellationToken);
            return (steps, null);
        }, cancellationToken);
        if (early is { } due)
        {
            logger.LogDebug("Timer {BookmarkId} ran before {DueAt}; scheduled again.", bookmarkId, due);
            await ScheduleAsync(instanceId, bookmarkId, due, cancellationToken);
        }
        await ApplyEffectsAsync(steps, cancellationToken);
    }

    public async Task RescheduleTimerAsync(Guid instanceId, string activityId, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        dueAt = dueAt.ToUniversalTime();
        var timers = await WithRetryAsync(async (_, db) =>
        {
            var instance = await FindAsync(db, instanceId, cancellationToken);
            var bookmarks = await db.Set<WorkflowBookmark>().Where(b => b.InstanceId == instanceId && b.ActivityId == activityId && b.DueAt != null).ToListAsync(cancellationToken);
            if (bookmarks.Count == 0)
                throw DomainException.Conflict($"No timer waits at activity '{activityId}' of instance {instanceId} (it is {instance.Status}); there is nothing to move.");
            foreach (var b in bookmarks) b.DueAt = dueAt;
            instance.UpdatedAt = clock.GetUtcNow(); // bumps the version: one writer at a time
            Journal(db, instanceId, "Rescheduled", dueAt.ToString("O"), activityId);
            await db.SaveChangesAsync(cancellationToken);
            return bookmarks;
        }, cancellationToken);
        foreach (var timer in timers)
        {
            DeleteJobs([timer.JobId]);
            if (dueAt <= clock.GetUtcNow()) await FireTimerAsync(instanceId, timer.Id, cancellationToken);
            else await ScheduleAsync(instanceId, timer.Id, dueAt, cancellationToken);
        }
    }

    /// <summary>Start-up: schedules the timers without a (live) job and fires the past-due ones at once. Idempotent.</summary>
    public async Task RecoverTimersAsync(CancellationToken cancellationToken = default)
    {
        List<WorkflowBookmark> timers;
        await using (var scope = scopes.CreateAsyncScope())
        {
            timers = await scope.ServiceProvider.RuntimeDb().Set<WorkflowBookmark>().AsNoTracking()
                .Where(b => b.DueAt != null).OrderBy(b => b.DueAt).ToListAsync(cancellationToken);
        }
        using var jobsScope = scopes.CreateScope();
        using var connection = jobsScope.ServiceProvider.GetService<JobStorage>()?.GetConnection();
        foreach (var timer in timers)
        {
            if (timer.DueAt <= clock.GetUtcNow()) await FireTimerAsync(timer.InstanceId, timer.Id, cancellationToken);
            else if (timer.JobId is null || connection?.GetJobData(timer.JobId) is null or { State: "Deleted" or "Succeeded" or "Failed" })
                await ScheduleAsync(timer.InstanceId, timer.Id, timer.DueAt!.Value, cancellationToken);
        }
    }

    /// <summary>After a retry: the timers that came due while the instance was faulted fire now.</summary>
    private async Task FirePastDueTimersAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow();
            due = await scope.ServiceProvider.RuntimeDb().Set<WorkflowBookmark>()
                .Where(b => b.InstanceId == instanceId && b.DueAt != null && b.DueAt <= now).Select(b => b.Id).ToListAsync(cancellationToken);
        }
        foreach (var id in due) await FireTimerAsync(instanceId, id, cancellationToken);
    }
}
