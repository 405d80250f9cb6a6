using CallManager.Runtime.Contracts;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Stimuli;
using CallManager.Runtime.Storage;
using CallManager.Runtime.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallManager.Runtime;

/// <summary>Steps: the retry loop (one writer per instance), faults, and what happens after a commit.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>Runs <paramref name="attempt"/> in a fresh scope until it commits without a conflicting writer.</summary>
    private async Task<T> WithRetryAsync<T>(Func<IServiceProvider, DbContext, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var i = 1; ; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.RuntimeDb();
            var opened = false;
            try
            {
                await db.Database.OpenConnectionAsync(cancellationToken); // one open (and SQLite pragma) for the whole attempt
                opened = true;
                return await attempt(scope.ServiceProvider, db);
            }
            catch (Exception e) when (i < options.Value.MaxConcurrencyRetries && ConflictDetector.IsConflict(e))
            {
                logger.LogDebug("Concurrent writer, attempt {Attempt}: {Message}", i, e.Message);
                await Task.Delay(Random.Shared.Next(1, 5 + Math.Min(i, 20) * 2), cancellationToken);
            }
            finally
            {
                // Closed before the pooled context goes back: its open count survives the pool, and the next scope to rent it
                // would keep a connection for its whole life (measured: a deadline rush on PostgreSQL then emptied the pool).
                if (opened) await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>Runs a step; on a fault, discards its changes and records the fault instead (same unit of work). Null when faulted.</summary>
    private async Task<FlowchartExecutor?> RunOrFaultAsync(IServiceProvider services, DbContext db, WorkflowInstance instance,
        List<WorkflowBookmark> bookmarks, IReadOnlyList<WorkItem> work, bool isNew, CancellationToken cancellationToken)
    {
        var before = Snapshot(instance, bookmarks, work);
        try
        {
            return await RunStepAsync(services, db, instance, bookmarks, work, cancellationToken, isNew);
        }
        catch (ActivityFaultException fault)
        {
            await RecordFaultAsync(db, instance, before, isNew, work, fault, cancellationToken);
            return null;
        }
    }

    private async Task<FlowchartExecutor> RunStepAsync(IServiceProvider services, DbContext db, WorkflowInstance instance,
        List<WorkflowBookmark> bookmarks, IReadOnlyList<WorkItem> work, CancellationToken cancellationToken, bool isNew = false)
    {
        var definition = await definitions.GetAsync(db, instance.DefinitionVersionId, cancellationToken);
        var executor = new FlowchartExecutor(services, instance, isNew, definition, bookmarks, cancellationToken);
        await executor.RunAsync(work);
        return executor;
    }

    private sealed record InstanceSnapshot(WorkflowInstance Copy, IReadOnlyList<Guid> ConsumedBookmarks);

    private static InstanceSnapshot Snapshot(WorkflowInstance i, List<WorkflowBookmark> bookmarks, IReadOnlyList<WorkItem> work) => new(
        new WorkflowInstance
        {
            Id = i.Id, DefinitionId = i.DefinitionId, DefinitionVersion = i.DefinitionVersion, DefinitionVersionId = i.DefinitionVersionId,
            Status = i.Status, CorrelationId = i.CorrelationId, StartKey = i.StartKey, VariablesJson = i.VariablesJson, InputJson = i.InputJson,
            StateJson = i.StateJson, OutputJson = i.OutputJson, ParentInstanceId = i.ParentInstanceId, NotifiesParent = i.NotifiesParent, CreatedAt = i.CreatedAt, UpdatedAt = i.UpdatedAt, Version = i.Version, Name = i.Name,
        },
        bookmarks.Where(b => work.Any(w => w.ResumeBookmark is not null && w.ActivityId == b.ActivityId)).Select(b => b.Id).ToList());

    /// <summary>
    /// Rolls the step back (every change of the unit of work is dropped, domain changes included) and records
    /// an incident: the instance is Faulted, the step's work kept for a retry, the resumed bookmarks consumed.
    /// </summary>
    private async Task RecordFaultAsync(DbContext db, WorkflowInstance instance, InstanceSnapshot before, bool isNew, IReadOnlyList<WorkItem> work,
        ActivityFaultException fault, CancellationToken cancellationToken, IReadOnlySet<object>? keep = null)
    {
        if (keep is null) db.ChangeTracker.Clear();
        else foreach (var entry in db.ChangeTracker.Entries().Where(e => !keep.Contains(e.Entity)).ToList()) entry.State = EntityState.Detached;
        Restore(instance, before.Copy);
        if (isNew)
        {
            db.Add(instance);
            Journal(db, instance.Id, "Started", $"{instance.DefinitionId} v{instance.DefinitionVersion}");
        }
        else
        {
            db.Attach(instance); // original Version: a writer who changed it since makes this save fail and the step re-run
        }
        var state = ExecutionState.Parse(instance.StateJson);
        state.Pending = [.. work];
        instance.StateJson = state.ToJson();
        instance.Status = WorkflowStatus.Faulted;
        instance.UpdatedAt = clock.GetUtcNow();
        db.Entry(instance).State = isNew ? EntityState.Added : EntityState.Modified;
        if (before.ConsumedBookmarks.Count > 0)
            db.RemoveRange(await db.Set<WorkflowBookmark>().Where(b => before.ConsumedBookmarks.Contains(b.Id)).ToListAsync(cancellationToken));
        var message = fault.InnerException?.Message ?? fault.Message;
        db.Add(new WorkflowIncident { Id = Guid.CreateVersion7(), InstanceId = instance.Id, ActivityId = fault.ActivityId, ActivityType = fault.ActivityType, Message = message.Length > 4000 ? message[..4000] : message, At = clock.GetUtcNow() });
        Journal(db, instance.Id, "Faulted", message, fault.ActivityId, fault.ActivityType);
        if (!isNew) await NotifyEndedChildAsync(db, instance, "Faulted", message, cancellationToken);
        logger.LogWarning(fault, "Workflow instance {InstanceId} faulted at activity {ActivityId}", instance.Id, fault.ActivityId);
    }

    /// <summary>Puts back the values the instance had when the step began (the caller keeps its reference).</summary>
    private static void Restore(WorkflowInstance instance, WorkflowInstance before)
    {
        instance.Status = before.Status;
        instance.VariablesJson = before.VariablesJson;
        instance.StateJson = before.StateJson;
        instance.OutputJson = before.OutputJson;
        instance.UpdatedAt = before.UpdatedAt;
        instance.FinishedAt = null;
        instance.Version = before.Version;
        instance.CorrelationId = before.CorrelationId;
        instance.Name = before.Name;
    }

    /// <summary>After a commit: deletes the jobs of removed timers, schedules the new ones, delivers inbox stimuli to new bookmarks.</summary>
    private async Task ApplyEffectsAsync(IEnumerable<FlowchartExecutor> steps, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            DeleteJobs(step.Removed.Select(b => b.JobId));
            foreach (var timer in step.Added.Where(b => b.DueAt is not null))
                await ScheduleAsync(timer.InstanceId, timer.Id, timer.DueAt!.Value, cancellationToken);
            foreach (var signal in step.Added.Where(b => b.DueAt is null).Select(b => (b.Name, b.CorrelationId)).Distinct())
                await DeliverInboxAsync(signal.Name, signal.CorrelationId, cancellationToken);
        }
        await DeliverChildNoticesAsync(cancellationToken);
    }

    private void DeleteJobs(IEnumerable<string?> jobIds)
    {
        var ids = jobIds.Where(j => j is not null).ToList();
        if (ids.Count == 0) return;
        using var scope = scopes.CreateScope();
        var scheduler = scope.ServiceProvider.GetRequiredService<TimerScheduler>();
        foreach (var id in ids) scheduler.Delete(id);
    }

    /// <summary>Schedules the job of a timer bookmark and records its id on the bookmark (a no-op if the bookmark is gone).</summary>
    private async Task ScheduleAsync(Guid instanceId, Guid bookmarkId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var jobId = scope.ServiceProvider.GetRequiredService<TimerScheduler>().Schedule(instanceId, bookmarkId, dueAt);
        var db = scope.ServiceProvider.RuntimeDb();
        await db.Set<WorkflowBookmark>().Where(b => b.Id == bookmarkId)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.JobId, jobId), cancellationToken);
    }
}
