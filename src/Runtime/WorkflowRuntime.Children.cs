using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Outbox;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallManager.Runtime;

/// <summary>
/// Child instances (ExecuteWorkflow, DispatchWorkflow, a definition used as an activity). A child starts in the same commit as the
/// step that asked for it, its first step included, so a parent never waits for a child that does not exist. A waited-for child's
/// end (finished, faulted, cancelled) is committed with a notice in the workflow outbox: delivered to the parent at once after the
/// commit, and by <see cref="WorkflowOutboxDispatcher"/> after a crash, so the parent resumes exactly once however the child ends.
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>A notice committed (or about to be) in the outbox, for delivery once its unit of work has committed.</summary>
    private sealed record PendingNotice(Guid ItemId, Guid ParentId);

    private readonly ConcurrentQueue<PendingNotice> _childNotices = new();

    /// <summary>
    /// Before a unit of work is saved: starts the children its steps asked for (their first steps join <paramref name="steps"/>, and
    /// their children in turn) and records the notice of each waited-for child that finished in it.
    /// </summary>
    private async Task AddChildrenAsync(IServiceProvider services, DbContext db, List<FlowchartExecutor> steps, CancellationToken cancellationToken)
    {
        var startedHere = new HashSet<Guid>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            foreach (var request in step.ChildRequests)
            {
                var version = await db.Set<WorkflowDefinitionVersion>().AsNoTracking().FirstAsync(v => v.Id == request.VersionId, cancellationToken);
                var child = await NewInstanceAsync(db, version, request.CorrelationId, null, request.Input, cancellationToken);
                child.Id = request.ChildId;
                child.ParentInstanceId = step.InstanceId;
                child.NotifiesParent = request.NotifyParent;
                startedHere.Add(child.Id);
                var work = new List<WorkItem> { new((await definitions.GetAsync(db, version.Id, cancellationToken)).StartActivityId) };
                var tracked = db.ChangeTracker.Entries().Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
                var before = Snapshot(child, [], work);
                try
                {
                    steps.Add(await RunStepAsync(services, db, child, [], work, cancellationToken, isNew: true));
                }
                catch (ActivityFaultException fault)
                {
                    // Only the child's own changes are dropped: the parent's step and what it tracks stay in this commit.
                    await RecordFaultAsync(db, child, before, isNew: true, work, fault, cancellationToken, keep: tracked);
                    if (child.NotifiesParent) Notify(db, child, step.CorrelationId, "Faulted", [], fault.InnerException?.Message ?? fault.Message, sameStep: true);
                }
            }
            if (step.Instance is { ParentInstanceId: { } parentId, NotifiesParent: true, Status: WorkflowStatus.Finished } finished)
            {
                var parent = steps.FirstOrDefault(s => s.InstanceId == parentId);
                var correlation = parent is not null ? parent.CorrelationId : await ParentCorrelationAsync(db, parentId, cancellationToken);
                Notify(db, finished, correlation, "Finished", step.FinishOutcomes, null, startedHere.Contains(finished.Id));
            }
        }
    }

    /// <summary>Records the notice of a faulted or cancelled child whose parent is already committed (a child resumed, retried or cancelled later).</summary>
    private async Task NotifyEndedChildAsync(DbContext db, WorkflowInstance child, string subStatus, string? incident, CancellationToken cancellationToken)
    {
        if (child is not { ParentInstanceId: { } parentId, NotifiesParent: true }) return;
        Notify(db, child, await ParentCorrelationAsync(db, parentId, cancellationToken), subStatus, [], incident, sameStep: false);
    }

    private static Task<string?> ParentCorrelationAsync(DbContext db, Guid parentId, CancellationToken cancellationToken) =>
        db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.Id == parentId).Select(i => i.CorrelationId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Adds the outbox item that resumes the parent's bookmark for <paramref name="child"/> (matched by its signal and the parent's correlation id).</summary>
    private void Notify(DbContext db, WorkflowInstance child, string? parentCorrelationId, string subStatus, IReadOnlyList<string> outcomes, string? incident, bool sameStep)
    {
        var signal = ChildWorkflowRequest.Signal(child.Id);
        var output = string.IsNullOrEmpty(child.OutputJson) ? [] : JsonNode.Parse(child.OutputJson) as JsonObject ?? [];
        var notice = new ChildWorkflows.Notice(child.Id, subStatus, output, outcomes, incident, sameStep);
        var now = clock.GetUtcNow();
        var item = new WorkflowOutboxItem
        {
            Id = Guid.CreateVersion7(), StimulusName = signal, CorrelationId = parentCorrelationId, PayloadJson = notice.ToJson().ToJsonString(),
            IdempotencyKey = signal, CreatedAt = now, NextAttemptAt = now,
        };
        root.GetRequiredService<WorkflowOutboxInFlight>().Hold(item.Id); // delivered by this host right after the commit
        db.Add(item);
        _childNotices.Enqueue(new PendingNotice(item.Id, child.ParentInstanceId!.Value));
    }

    /// <summary>
    /// After a commit: delivers the committed notices to their parents (by instance). A notice not found was rolled back (its unit of
    /// work is re-run and records another) or delivered already; one that fails stays in the outbox for its dispatcher.
    /// </summary>
    private async Task DeliverChildNoticesAsync(CancellationToken cancellationToken)
    {
        var inFlight = root.GetRequiredService<WorkflowOutboxInFlight>();
        while (_childNotices.TryDequeue(out var notice))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.RuntimeDb();
                var item = await db.Set<WorkflowOutboxItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == notice.ItemId && i.DeliveredAt == null, cancellationToken);
                if (item is null) continue;
                await DeliverAsync(new Stimulus(item.StimulusName!, item.CorrelationId, JsonNode.Parse(item.PayloadJson ?? "{}"), item.IdempotencyKey, notice.ParentId), null, cancellationToken);
                var now = clock.GetUtcNow();
                await db.Set<WorkflowOutboxItem>().Where(i => i.Id == item.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.DeliveredAt, now).SetProperty(i => i.Version, i => i.Version + 1), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "The end of a child workflow was not delivered to parent {ParentId}; the workflow outbox retries it: {Message}", notice.ParentId, e.Message);
            }
            finally
            {
                inFlight.Release(notice.ItemId);
            }
        }
    }

    /// <summary>The instance's summary as committed now.</summary>
    private async Task<WorkflowInstanceSummary> SummaryAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return (await FindAsync(scope.ServiceProvider.RuntimeDb(), instanceId, cancellationToken, tracked: false)).ToSummary();
    }
}
