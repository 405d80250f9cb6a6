using CallManager.Runtime.Contracts;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CallManager.Runtime;

/// <summary>Scheduled starts: a Timer, Cron or StartAt trigger's job starts an instance that goes on from the trigger.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Starts an instance of the latest version of <paramref name="definitionId"/> at its trigger <paramref name="activityId"/> (called by
    /// the job of an <see cref="IScheduledTriggers"/>). Nothing starts when the latest version no longer has that scheduled trigger
    /// (a job left by an older version). A StartAt start carries <paramref name="startKey"/> so that it happens once.
    /// </summary>
    public async Task<WorkflowInstanceSummary?> StartScheduledAsync(string definitionId, string activityId, string? startKey = null,
        CancellationToken cancellationToken = default)
    {
        var (summary, steps) = await WithRetryAsync<(WorkflowInstanceSummary?, List<FlowchartExecutor>)>(async (services, db) =>
        {
            var version = await definitions.LatestAsync(db, definitionId, cancellationToken);
            var definition = version is null ? null : await definitions.GetAsync(db, version.Id, cancellationToken);
            if (definition?.Trigger is not { } trigger || trigger.Id != activityId || !ScheduledTrigger.IsScheduled(trigger.Descriptor.ActivityType))
            {
                logger.LogWarning("Scheduled start of {DefinitionId} at {ActivityId} skipped: its latest version has no such trigger.", definitionId, activityId);
                return (null, []);
            }
            var key = startKey is null ? null : $"{definitionId}|{startKey}";
            if (key is not null && await db.Set<WorkflowInstance>().AsNoTracking().AnyAsync(i => i.StartKey == key, cancellationToken)) return (null, []);
            var instance = await NewInstanceAsync(db, version!, null, key, null, cancellationToken);
            // The trigger fired: it completes at once (as Elsa's do when they are the workflow's trigger) and the flow goes on.
            var step = await RunOrFaultAsync(services, db, instance, [], [new WorkItem(trigger.Id, ResumeBookmark: BookmarkRequest.TimerName)], isNew: true, cancellationToken);
            var steps = step is null ? [] : new List<FlowchartExecutor> { step };
            await StepWriter.SaveAsync(db, steps, null, cancellationToken);
            return (instance.ToSummary(), steps);
        }, cancellationToken);
        await ApplyEffectsAsync(steps, cancellationToken);
        return summary;
    }
}
