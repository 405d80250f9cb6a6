using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Stimuli;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Runtime;

/// <summary>Stimuli: delivery to bookmarks, triggers, the inbox for early stimuli, idempotency keys.</summary>
public sealed partial class WorkflowRuntime
{
    public Task<StimulusResult> StimulateAsync(Stimulus stimulus, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stimulus.Name);
        return UsesLeanPath(stimulus) ? StimulateLeanAsync(stimulus, cancellationToken) : DeliverAsync(stimulus, inboxId: null, cancellationToken);
    }

    /// <summary>
    /// Delivers the inbox stimuli waiting for (<paramref name="name"/>, <paramref name="correlationId"/>), after a matching
    /// bookmark was committed; those older than <see cref="RuntimeOptions.InboxLifetime"/> have expired.
    /// </summary>
    private async Task DeliverInboxAsync(string name, string? correlationId, CancellationToken cancellationToken)
    {
        List<WorkflowStimulus> waiting;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.RuntimeDb();
            var expiredBefore = RuntimeRetention.InboxCutoff(clock.GetUtcNow(), options.Value);
            waiting = await db.Set<WorkflowStimulus>().AsNoTracking()
                .Where(s => s.Name == name && s.CorrelationId == correlationId && s.DeliveredAt == null && s.ReceivedAt >= expiredBefore)
                .OrderBy(s => s.ReceivedAt).ToListAsync(cancellationToken);
        }
        foreach (var s in waiting)
            await DeliverAsync(new Stimulus(s.Name, s.CorrelationId, s.PayloadJson is null ? null : JsonNode.Parse(s.PayloadJson), s.IdempotencyKey, s.InstanceId), s.Id, cancellationToken);
    }

    /// <summary>
    /// One delivery: every matching suspended instance is resumed in the same commit as the stimulus record.
    /// An instance that faults is recorded on its own and left out of the next attempt.
    /// </summary>
    private async Task<StimulusResult> DeliverAsync(Stimulus stimulus, Guid? inboxId, CancellationToken cancellationToken)
    {
        var faulted = new List<Guid>();
        var starting = new StrongBox<bool>(); // set once no bookmark matched: the attempts after a fault go on starting the other definitions
        while (true)
        {
            var (result, steps, again) = await WithRetryAsync((services, db) => DeliverOnceAsync(services, db, stimulus, inboxId, faulted, starting, cancellationToken), cancellationToken);
            if (again) continue;
            await ApplyEffectsAsync(steps, cancellationToken);
            // Stored in the inbox: a bookmark committed meanwhile did not see it, so look once more after our commit.
            if (result.Outcome == StimulusOutcome.Queued && inboxId is null)
                await DeliverInboxAsync(stimulus.Name, stimulus.CorrelationId, cancellationToken);
            return result;
        }
    }

    private async Task<(StimulusResult Result, List<FlowchartExecutor> Steps, bool Again)> DeliverOnceAsync(IServiceProvider services,
        DbContext db, Stimulus stimulus, Guid? inboxId, List<Guid> faulted, StrongBox<bool> starting, CancellationToken cancellationToken)
    {
        var record = inboxId is null ? null : await db.Set<WorkflowStimulus>().FirstOrDefaultAsync(s => s.Id == inboxId, cancellationToken);
        if (faulted.Count == 0 && await IsDuplicateAsync(db, stimulus, inboxId, record, cancellationToken))
            return (new(StimulusOutcome.Duplicate, []), [], false);
        var targets = await StepQueries.TargetsAsync(db, stimulus.Name, stimulus.CorrelationId, stimulus.InstanceId, faulted, cancellationToken);
        if (targets.Count == 0 && faulted.Count > 0 && !starting.Value) return (new(StimulusOutcome.Delivered, [.. faulted]), [], false);
        if (targets.Count == 0)
        {
            starting.Value = record is null;
            return await StartOrQueueAsync(services, db, stimulus, record, faulted, cancellationToken);
        }
        var steps = new List<FlowchartExecutor>();
        foreach (var (instance, bookmarks) in targets)
        {
            var work = ResumeWork(stimulus, bookmarks);
            var before = Snapshot(instance, bookmarks, work);
            try
            {
                steps.Add(await RunStepAsync(services, db, instance, bookmarks, work, cancellationToken));
            }
            catch (ActivityFaultException fault)
            {
                await RecordFaultAsync(db, instance, before, isNew: false, work, fault, cancellationToken);
                if (record is not null) db.Attach(record);
                MarkDelivered(db, stimulus, record, faulted.Count == 0);
                await db.SaveChangesAsync(cancellationToken);
                faulted.Add(instance.Id);
                return (new(StimulusOutcome.Delivered, []), [], true);
            }
        }
        await AddChildrenAsync(services, db, steps, cancellationToken);
        await StepWriter.SaveAsync(db, steps, DeliveredRecord(stimulus, record, faulted.Count == 0), cancellationToken);
        return (new(StimulusOutcome.Delivered, [.. targets.Select(t => t.Instance.Id), .. faulted]), steps, false);
    }

    private static async Task<bool> IsDuplicateAsync(DbContext db, Stimulus stimulus, Guid? inboxId, WorkflowStimulus? record, CancellationToken cancellationToken)
    {
        if (inboxId is not null) return record?.DeliveredAt is not null || record is null;
        return stimulus.IdempotencyKey is { } key && await db.Set<WorkflowStimulus>().AnyAsync(s => s.IdempotencyKey == key, cancellationToken);
    }

    /// <summary>All the bookmarks of an instance, untracked (a step's writes go through <see cref="StepWriter"/>).</summary>
    private static Task<List<WorkflowBookmark>> AllBookmarksAsync(DbContext db, Guid instanceId, CancellationToken cancellationToken) =>
        db.Set<WorkflowBookmark>().AsNoTracking().Where(b => b.InstanceId == instanceId).ToListAsync(cancellationToken);

    /// <summary>Records the stimulus as delivered (its key then refuses a second delivery) in the DbContext's unit of work.</summary>
    private void MarkDelivered(DbContext db, Stimulus stimulus, WorkflowStimulus? record, bool first)
    {
        if (DeliveredRecord(stimulus, record, first) is { } received) db.Add(received);
    }

    /// <summary>
    /// Marks an inbox record delivered (tracked: saved with a version check); for a direct delivery with a key, returns the
    /// new record to insert (its unique key refuses a second delivery). A keyless direct delivery needs no row.
    /// </summary>
    private WorkflowStimulus? DeliveredRecord(Stimulus stimulus, WorkflowStimulus? record, bool first)
    {
        if (record is not null) { record.DeliveredAt ??= clock.GetUtcNow(); return null; }
        return stimulus.IdempotencyKey is null || !first ? null : NewRecord(stimulus, delivered: true);
    }

    private WorkflowStimulus NewRecord(Stimulus stimulus, bool delivered) => new()
    {
        Id = Guid.CreateVersion7(), Name = stimulus.Name, CorrelationId = stimulus.CorrelationId, InstanceId = stimulus.InstanceId,
        PayloadJson = stimulus.Payload?.ToJsonString(), IdempotencyKey = stimulus.IdempotencyKey,
        ReceivedAt = clock.GetUtcNow(), DeliveredAt = delivered ? clock.GetUtcNow() : null,
    };
}
