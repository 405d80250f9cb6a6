using CallManager.Runtime.Definitions;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Stimuli;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Runtime;

/// <summary>Triggers: a stimulus that matches no bookmark starts the definitions it triggers (one instance per correlation id), or waits in the inbox.</summary>
public sealed partial class WorkflowRuntime
{
    private async Task<(StimulusResult Result, List<FlowchartExecutor> Steps, bool Again)> StartOrQueueAsync(IServiceProvider services,
        DbContext db, Stimulus stimulus, WorkflowStimulus? record, List<Guid> faulted, CancellationToken cancellationToken)
    {
        if (record is not null) return (new(StimulusOutcome.Queued, []), [], false); // an inbox stimulus still without a bookmark
        var steps = new List<FlowchartExecutor>();
        foreach (var version in stimulus.InstanceId is null ? await TriggeredByAsync(db, stimulus.Name, cancellationToken) : [])
        {
            var startKey = $"{version.DefinitionId}|{stimulus.CorrelationId}";
            if (await db.Set<WorkflowInstance>().AnyAsync(i => i.StartKey == startKey, cancellationToken)) continue;
            var instance = await NewInstanceAsync(db, version, stimulus.CorrelationId, startKey, null, cancellationToken);
            var trigger = (await definitions.GetAsync(db, version.Id, cancellationToken)).Trigger!;
            var step = await RunOrFaultAsync(services, db, instance, [], [new WorkItem(trigger.Id, ResumeBookmark: stimulus.Name, Payload: stimulus.Payload?.DeepClone())], isNew: true, cancellationToken);
            if (step is null)
            {
                // The fault was recorded in place of every change of this attempt: commit it, then start the other definitions again.
                MarkDelivered(db, stimulus, null, first: faulted.Count == 0);
                await db.SaveChangesAsync(cancellationToken);
                faulted.Add(instance.Id);
                return (new(StimulusOutcome.Delivered, []), [], true);
            }
            steps.Add(step);
        }
        if (steps.Count == 0 && faulted.Count > 0) return (new(StimulusOutcome.Delivered, [.. faulted]), [], false);
        await AddChildrenAsync(services, db, steps, cancellationToken);
        var received = steps.Count == 0 ? NewRecord(stimulus, delivered: false) : DeliveredRecord(stimulus, null, first: faulted.Count == 0);
        await StepWriter.SaveAsync(db, steps, received, cancellationToken);
        return steps.Count == 0
            ? (new(StimulusOutcome.Queued, []), [], false)
            : (new(StimulusOutcome.Delivered, [.. steps.Select(s => s.InstanceId), .. faulted]), steps, false);
    }

    /// <summary>The latest version of each definition whose trigger is <paramref name="name"/>.</summary>
    private async Task<List<WorkflowDefinitionVersion>> TriggeredByAsync(DbContext db, string name, CancellationToken cancellationToken)
    {
        var candidates = await db.Set<WorkflowDefinitionVersion>().AsNoTracking().Where(v => v.TriggerName == name)
            .Select(v => v.DefinitionId).Distinct().ToListAsync(cancellationToken);
        var latest = new List<WorkflowDefinitionVersion>();
        foreach (var id in candidates)
            if (await definitions.LatestAsync(db, id, cancellationToken) is { TriggerName: var t } v && t == name) latest.Add(v);
        return latest;
    }
}
