using System.Text.Json.Nodes;
using CallManager.Domain.Common;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Runtime;

/// <summary>
/// The implementation of <see cref="IWorkflowRuntime"/>. Each operation runs in a fresh DI scope; a step of an
/// instance is saved by <see cref="StepWriter"/> in one commit guarded by the instance's version, and re-run from a
/// clean scope when another writer got there first. Side effects outside the database (Hangfire jobs, inbox delivery)
/// happen after the commit and are idempotent.
/// </summary>
public sealed partial class WorkflowRuntime(IServiceScopeFactory scopes, DefinitionStore definitions, TimeProvider clock,
    IOptions<RuntimeOptions> options, ILogger<WorkflowRuntime> logger, GroupCommit groupCommit, IServiceProvider root) : IWorkflowRuntime
{
    private readonly ScopeFreeServices _scopeFree = new(root);

    public async Task<WorkflowInstanceSummary> StartAsync(StartRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.DefinitionId);
        var startKey = request.OnePerCorrelation && request.CorrelationId is not null ? $"{request.DefinitionId}|{request.CorrelationId}" : null;
        var (summary, steps) = await WithRetryAsync(async (services, db) =>
        {
            if (startKey is not null && await db.Set<WorkflowInstance>().AsNoTracking().FirstOrDefaultAsync(i => i.StartKey == startKey, cancellationToken) is { } existing)
                return (existing.ToSummary(), new List<FlowchartExecutor>());
            var version = await definitions.LatestAsync(db, request.DefinitionId, cancellationToken)
                ?? throw DomainException.NotFound($"Workflow definition '{request.DefinitionId}'");
            var instance = await NewInstanceAsync(db, version, request.CorrelationId, startKey, request.Input, cancellationToken);
            var definition = await definitions.GetAsync(db, version.Id, cancellationToken);
            var step = await RunOrFaultAsync(services, db, instance, [], [new WorkItem(definition.StartActivityId)], isNew: true, cancellationToken);
            var steps = step is null ? [] : new List<FlowchartExecutor> { step };
            await AddChildrenAsync(services, db, steps, cancellationToken);
            await StepWriter.SaveAsync(db, steps, null, cancellationToken);
            return (instance.ToSummary(), steps);
        }, cancellationToken);
        await ApplyEffectsAsync(steps, cancellationToken);
        // A child that ended at once has resumed this instance since.
        return steps.Any(s => s.ChildRequests.Count > 0) ? await SummaryAsync(summary.Id, cancellationToken) : summary;
    }

    public async Task<WorkflowInstanceSummary> RetryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        var (summary, steps) = await WithRetryAsync(async (services, db) =>
        {
            var instance = await FindAsync(db, instanceId, cancellationToken, tracked: false);
            if (instance.Status != WorkflowStatus.Faulted)
                throw DomainException.Conflict($"Only a Faulted instance can be retried; instance {instanceId} is {instance.Status}.");
            var work = ExecutionState.Parse(instance.StateJson).Pending;
            await ResolveIncidentsAsync(db, instanceId, "Retried", cancellationToken);
            Journal(db, instanceId, "Retried", $"{work.Count} pending work item(s)");
            var bookmarks = await AllBookmarksAsync(db, instanceId, cancellationToken);
            var step = await RunOrFaultAsync(services, db, instance, bookmarks, work, isNew: false, cancellationToken);
            var steps = step is null ? [] : new List<FlowchartExecutor> { step };
            await AddChildrenAsync(services, db, steps, cancellationToken);
            await StepWriter.SaveAsync(db, steps, null, cancellationToken);
            return (instance.ToSummary(), steps);
        }, cancellationToken);
        await ApplyEffectsAsync(steps, cancellationToken);
        await FirePastDueTimersAsync(instanceId, cancellationToken);
        return summary;
    }

    public async Task<WorkflowInstanceSummary> CancelAsync(Guid instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        // A script of this instance running now in this host stops at once rather than at its time limit, and its step gives way to the
        // cancel; one that starts before the cancel commits (a step retried on another path) stops too.
        using var cancelling = root.GetRequiredService<Expressions.RunningScripts>().Cancelling(instanceId);
        var (summary, jobs) = await WithRetryAsync(async (_, db) =>
        {
            var instance = await FindAsync(db, instanceId, cancellationToken);
            if (instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled)
                throw DomainException.Conflict($"Instance {instanceId} is already {instance.Status}; there is nothing to cancel.");
            var bookmarks = await db.Set<WorkflowBookmark>().Where(b => b.InstanceId == instanceId).ToListAsync(cancellationToken);
            db.RemoveRange(bookmarks);
            await ResolveIncidentsAsync(db, instanceId, "Cancelled", cancellationToken);
            instance.Status = WorkflowStatus.Cancelled;
            instance.StateJson = "{}";
            instance.FinishedAt = instance.UpdatedAt = clock.GetUtcNow();
            Journal(db, instanceId, "Cancelled", reason);
            await NotifyEndedChildAsync(db, instance, "Cancelled", reason, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return (instance.ToSummary(), bookmarks.Select(b => b.JobId).ToList());
        }, cancellationToken);
        DeleteJobs(jobs);
        await DeliverChildNoticesAsync(cancellationToken);
        return summary;
    }

    /// <summary>A new instance (not yet added anywhere: its first step inserts it).</summary>
    private async Task<WorkflowInstance> NewInstanceAsync(DbContext db, WorkflowDefinitionVersion version,
        string? correlationId, string? startKey, JsonObject? input, CancellationToken cancellationToken)
    {
        var definition = await definitions.GetAsync(db, version.Id, cancellationToken);
        var now = clock.GetUtcNow();
        return new WorkflowInstance
        {
            Id = Guid.CreateVersion7(), DefinitionId = version.DefinitionId, DefinitionVersion = version.Version, DefinitionVersionId = version.Id,
            Status = WorkflowStatus.Running, CorrelationId = correlationId, StartKey = startKey,
            VariablesJson = definition.DefaultVariables.ToJsonString(), InputJson = input?.ToJsonString() ?? "{}",
            CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>The instance; untracked when a step will run on it (<see cref="StepWriter"/> writes it).</summary>
    private static async Task<WorkflowInstance> FindAsync(DbContext db, Guid instanceId, CancellationToken cancellationToken, bool tracked = true) =>
        await (tracked ? db.Set<WorkflowInstance>() : db.Set<WorkflowInstance>().AsNoTracking()).FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken)
        ?? throw DomainException.NotFound($"Workflow instance {instanceId}");

    private async Task ResolveIncidentsAsync(DbContext db, Guid instanceId, string resolution, CancellationToken cancellationToken)
    {
        foreach (var incident in await db.Set<WorkflowIncident>().Where(i => i.InstanceId == instanceId && i.ResolvedAt == null).ToListAsync(cancellationToken))
        {
            incident.ResolvedAt = clock.GetUtcNow();
            incident.Resolution = resolution;
        }
    }

    private void Journal(DbContext db, Guid instanceId, string @event, string? detail, string? activityId = null, string? activityType = null) =>
        db.Add(WorkflowJournalStep.Of(instanceId, [WorkflowJournalEntry.Line(instanceId, clock.GetUtcNow(), @event, detail, activityId, activityType)]));
}
