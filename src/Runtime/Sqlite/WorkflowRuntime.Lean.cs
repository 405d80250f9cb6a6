using System.Collections.Concurrent;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Sqlite;
using CallManager.Runtime.Stimuli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CallManager.Runtime;

/// <summary>
/// The lean resume path (SQLite, PostgreSQL, SQL Server): a stimulus whose instances run only scope-free activities resumes inside a
/// <see cref="GroupCommit"/> transaction, with no DI scope and no change tracker (on SQLite, statements prepared once: <see cref="SqliteStatements"/>); the same version-checked
/// writes as <see cref="StepWriter"/>. Anything else (no bookmark yet, a trigger, a fault, a domain activity) is left
/// uncommitted and delivered again by the scoped path, which handles every case.
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>What a lean delivery committed; null when it wrote nothing and the scoped path must deliver the stimulus.</summary>
    private sealed record LeanDelivery(StimulusResult Result, List<FlowchartExecutor> Steps);

    /// <summary>
    /// Stimulus names that resumed a definition needing a scope (a domain activity, SendEmail): they go straight to the
    /// scoped path instead of taking the writer's lock for a read that can only fall back. A hint kept for the host's life.
    /// </summary>
    private readonly ConcurrentDictionary<string, bool> _namesNeedingScope = new();

    private bool UsesLeanPath(Stimulus stimulus) =>
        groupCommit.IsEnabled && options.Value.GroupCommit && stimulus.InstanceId is null && !_namesNeedingScope.ContainsKey(stimulus.Name);

    private async Task<StimulusResult> StimulateLeanAsync(Stimulus stimulus, CancellationToken cancellationToken)
    {
        LeanDelivery? delivery;
        try
        {
            delivery = await groupCommit.RunAsync(step => DeliverLeanAsync(step, stimulus, cancellationToken), (stimulus.Name, stimulus.CorrelationId));
        }
        catch (LeanStepFaulted e)
        {
            // An expected case: the workflow faulted; the scoped path records the fault and its incident.
            logger.LogDebug(e.InnerException, "Stimulus {Name} faulted on the group path; the scoped path records it.", stimulus.Name);
            delivery = null; // nothing of it was committed
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            groupCommit.RecordFallback(e, clock.GetUtcNow());
            logger.LogWarning(e, "Stimulus {Name} could not go the group path and goes the scoped path ({Fallbacks} since start-up): {Message}",
                stimulus.Name, groupCommit.Fallbacks, e.Message);
            delivery = null; // nothing of it was committed
        }
        if (delivery is null) return await DeliverAsync(stimulus, inboxId: null, cancellationToken);
        foreach (var step in delivery.Steps) step.Committed();
        await ApplyEffectsAsync(delivery.Steps, cancellationToken);
        return delivery.Result;
    }

    /// <summary>Runs inside the group transaction: duplicate check, the targets' steps, their writes.</summary>
    private async Task<LeanDelivery?> DeliverLeanAsync(GroupStep group, Stimulus stimulus, CancellationToken cancellationToken)
    {
        if (stimulus.IdempotencyKey is { } key && (group.Sqlite is null
                ? await group.Db.Set<WorkflowStimulus>().AnyAsync(s => s.IdempotencyKey == key, cancellationToken)
                : StepRows.KeyExists(group, key)))
            return new(new(StimulusOutcome.Duplicate, []), []);
        var targets = group.Sqlite is not null ? StepRows.Targets(group, stimulus.Name, stimulus.CorrelationId)
            : group.Targets?.GetValueOrDefault((stimulus.Name, stimulus.CorrelationId))
              ?? await StepQueries.TargetsAsync(group.Db, stimulus.Name, stimulus.CorrelationId, null, [], cancellationToken);
        if (targets.Count == 0) return null; // the inbox or a trigger: the scoped path
        var steps = new List<FlowchartExecutor>(targets.Count);
        foreach (var (instance, bookmarks) in targets)
        {
            if (instance.ParentInstanceId is not null) return null; // a child's end notifies its parent: the scoped path writes that notice
            var definition = await definitions.GetAsync(group.Db, instance.DefinitionVersionId, cancellationToken);
            if (!ScopeFreeServices.Covers(definition))
            {
                _namesNeedingScope.TryAdd(stimulus.Name, true);
                return null;
            }
            var executor = new FlowchartExecutor(_scopeFree, instance, isNew: false, definition, bookmarks, cancellationToken);
            try
            {
                await executor.RunAsync(ResumeWork(stimulus, bookmarks)); // a fault throws: rolled back, the scoped path records it
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new LeanStepFaulted(e);
            }
            steps.Add(executor);
        }
        var received = DeliveredRecord(stimulus, null, first: true);
        for (var i = 0; i < steps.Count; i++)
            await StepWriter.WriteAsync(group.Db, group.Statements, steps[i], i == 0 ? received : null, cancellationToken);
        return new(new(StimulusOutcome.Delivered, [.. targets.Select(t => t.Instance.Id)]), steps);
    }

    /// <summary>The work of resuming <paramref name="bookmarks"/>' activities waiting for <paramref name="stimulus"/>.</summary>
    private static List<WorkItem> ResumeWork(Stimulus stimulus, List<WorkflowBookmark> bookmarks) =>
        bookmarks.Where(b => b.Name == stimulus.Name && b.DueAt == null).Select(b => b.ActivityId).Distinct()
            .Select(a => new WorkItem(a, ResumeBookmark: stimulus.Name, Payload: stimulus.Payload?.DeepClone())).ToList();
}

/// <summary>A workflow step that faulted on the group path: expected, told apart from a failure of the path itself.</summary>
internal sealed class LeanStepFaulted(Exception fault) : Exception(fault.Message, fault);
