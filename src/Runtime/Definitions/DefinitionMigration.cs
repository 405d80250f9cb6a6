using System.Text.Json.Nodes;
using CallManager.Domain.Common;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallManager.Runtime.Definitions;

/// <summary>
/// Moves suspended instances of a definition from one published version to another, when every activity they wait in
/// (their bookmarks, join arrivals and pending work) still exists with the same type in the target version. A dry run
/// (<see cref="PlanAsync"/>) says which would move and why the others cannot; <see cref="MigrateAsync"/> is the one function
/// that changes them.
/// </summary>
public sealed class DefinitionMigration([FromKeyedServices(RuntimeStorage.Key)] DbContext db, DefinitionStore store, TimeProvider clock,
    ILogger<DefinitionMigration> logger)
{
    /// <summary>Which instances to move: all those of <paramref name="FromVersion"/>, or only <paramref name="InstanceIds"/>.</summary>
    public sealed record Request(string DefinitionId, int FromVersion, int ToVersion, IReadOnlyList<Guid>? InstanceIds = null);

    /// <summary>An instance of the source version: whether it can move, the activities it waits in, and why it cannot.</summary>
    public sealed record InstancePlan(Guid InstanceId, string? CorrelationId, WorkflowStatus Status, IReadOnlyList<string> WaitingIn, bool CanMove,
        IReadOnlyList<LocalizableText> Reasons);

    /// <summary>The dry run: every unfinished instance of the source version.</summary>
    public sealed record Plan(string DefinitionId, int FromVersion, int ToVersion, IReadOnlyList<InstancePlan> Instances)
    {
        public int Movable => Instances.Count(i => i.CanMove);
    }

    /// <summary>What happened to one instance.</summary>
    public enum Outcome
    {
        /// <summary>Now pinned to the target version.</summary>
        Migrated,
        /// <summary>Left on its version: see the reasons.</summary>
        Refused,
        /// <summary>Another writer (a resume) changed it meanwhile: left as it was; run the dry run again.</summary>
        Conflict,
    }

    /// <summary>The result for one instance, with the variables added from the target's declarations.</summary>
    public sealed record InstanceResult(Guid InstanceId, string? CorrelationId, Outcome Outcome, IReadOnlyList<LocalizableText> Reasons, IReadOnlyList<string> VariablesAdded);

    /// <summary>The result of a migration.</summary>
    public sealed record Result(string DefinitionId, int FromVersion, int ToVersion, IReadOnlyList<InstanceResult> Instances)
    {
        public int Migrated => Instances.Count(i => i.Outcome == Outcome.Migrated);
    }

    /// <summary>An instance about to move, given to the host's audit hook inside the instance's unit of work.</summary>
    public sealed record Moving(Guid InstanceId, string? CorrelationId, string DefinitionId, int FromVersion, int ToVersion, IReadOnlyList<string> VariablesAdded);

    /// <summary>The dry run: which instances of the source version would move, and for each that cannot, why. Changes nothing.</summary>
    public async Task<Plan> PlanAsync(Request request, CancellationToken cancellationToken = default)
    {
        var (_, target) = await VersionsAsync(request, cancellationToken);
        var plans = new List<InstancePlan>();
        foreach (var instance in await InstancesAsync(request, tracked: false, cancellationToken))
            plans.Add(await PlanOneAsync(instance, request, target, cancellationToken));
        return new Plan(request.DefinitionId, request.FromVersion, request.ToVersion, plans);
    }

    /// <summary>
    /// Moves each movable instance of the source version to the target version, one instance per unit of work (all of its
    /// changes or none). Side effects per instance: its definition version and version row change, the variables the target
    /// declares and it lacks are added with their initial values, its version (concurrency token) is bumped, a "Migrated" line
    /// goes to its journal, and <paramref name="audit"/> adds the host's audit entry to the same unit of work. Bookmarks and
    /// timer jobs are kept as they are (their activities exist in the target). An instance resumed meanwhile is left
    /// (<see cref="Outcome.Conflict"/>): the row's version guards against a concurrent step.
    /// </summary>
    public async Task<Result> MigrateAsync(Request request, Func<Moving, CancellationToken, Task>? audit = null, CancellationToken cancellationToken = default)
    {
        var (_, target) = await VersionsAsync(request, cancellationToken);
        var targetRow = (await store.VersionAsync(db, request.DefinitionId, request.ToVersion, cancellationToken))!;
        var results = new List<InstanceResult>();
        foreach (var id in (await InstancesAsync(request, tracked: false, cancellationToken)).Select(i => i.Id))
        {
            db.ChangeTracker.Clear();
            var instance = await db.Set<WorkflowInstance>().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (instance is null) continue; // deleted by retention meanwhile: nothing to move
            var plan = await PlanOneAsync(instance, request, target, cancellationToken);
            if (!plan.CanMove)
            {
                results.Add(new InstanceResult(id, instance.CorrelationId, Outcome.Refused, plan.Reasons, []));
                continue;
            }
            var variables = JsonNode.Parse(instance.VariablesJson) as JsonObject ?? new JsonObject();
            var added = target.DefaultVariables.Where(v => !variables.ContainsKey(v.Key)).Select(v => v.Key).Order(StringComparer.Ordinal).ToList();
            foreach (var name in added) variables[name] = target.DefaultVariables[name]?.DeepClone();
            instance.VariablesJson = variables.ToJsonString();
            instance.DefinitionVersion = targetRow.Version;
            instance.DefinitionVersionId = targetRow.Id;
            instance.UpdatedAt = clock.GetUtcNow();
            db.Add(WorkflowJournalStep.Of(id, [WorkflowJournalEntry.Line(id, clock.GetUtcNow(), "Migrated",
                $"v{request.FromVersion} → v{request.ToVersion}" + (added.Count == 0 ? "" : $"; variables added: {string.Join(", ", added)}"))]));
            try
            {
                if (audit is not null) await audit(new Moving(id, instance.CorrelationId, request.DefinitionId, request.FromVersion, request.ToVersion, added), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                results.Add(new InstanceResult(id, instance.CorrelationId, Outcome.Migrated, [], added));
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogWarning("Workflow instance {InstanceId} changed while migrating it to v{Version}; left on v{From}", id, request.ToVersion, request.FromVersion);
                results.Add(new InstanceResult(id, instance.CorrelationId, Outcome.Conflict,
                    [$"instance {id} was resumed while it was being migrated; it stays on version {request.FromVersion}. Run the dry run again."], []));
            }
        }
        db.ChangeTracker.Clear();
        logger.LogInformation("Migrated {Count} instance(s) of {DefinitionId} from v{From} to v{To}", results.Count(r => r.Outcome == Outcome.Migrated),
            request.DefinitionId, request.FromVersion, request.ToVersion);
        return new Result(request.DefinitionId, request.FromVersion, request.ToVersion, results);
    }

    /// <summary>Both versions, checked: they exist and differ; the target is loaded.</summary>
    private async Task<(FlowchartDefinition From, FlowchartDefinition To)> VersionsAsync(Request request, CancellationToken cancellationToken)
    {
        if (request.FromVersion == request.ToVersion)
            throw DomainException.Invalid($"The source and target versions are both {request.FromVersion}. Choose two different versions.",
                new Dictionary<string, LocalizableText[]> { ["toVersion"] = [$"Choose a version other than {request.FromVersion}."] });
        var from = await store.VersionAsync(db, request.DefinitionId, request.FromVersion, cancellationToken)
            ?? throw DomainException.NotFound($"Version {request.FromVersion} of workflow definition '{request.DefinitionId}'");
        var to = await store.VersionAsync(db, request.DefinitionId, request.ToVersion, cancellationToken)
            ?? throw DomainException.NotFound($"Version {request.ToVersion} of workflow definition '{request.DefinitionId}'");
        return (await store.GetAsync(db, from.Id, cancellationToken), await store.GetAsync(db, to.Id, cancellationToken));
    }

    /// <summary>The unfinished instances of the source version (only those asked for, when a list is given), oldest first.</summary>
    private async Task<List<WorkflowInstance>> InstancesAsync(Request request, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.Set<WorkflowInstance>().AsQueryable();
        if (!tracked) query = query.AsNoTracking();
        query = query.Where(i => i.DefinitionId == request.DefinitionId && i.DefinitionVersion == request.FromVersion
                                 && i.Status != WorkflowStatus.Finished && i.Status != WorkflowStatus.Cancelled);
        if (request.InstanceIds is { Count: > 0 } ids) query = query.Where(i => ids.Contains(i.Id));
        return (await query.ToListAsync(cancellationToken)).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToList();
    }

    /// <summary>Whether <paramref name="instance"/> can move to <paramref name="target"/>, and why not.</summary>
    private async Task<InstancePlan> PlanOneAsync(WorkflowInstance instance, Request request, FlowchartDefinition target, CancellationToken cancellationToken)
    {
        var bookmarks = await db.Set<WorkflowBookmark>().AsNoTracking().Where(b => b.InstanceId == instance.Id).ToListAsync(cancellationToken);
        var waiting = bookmarks.Select(b => b.ActivityId).Distinct().Order(StringComparer.Ordinal).ToList();
        var reasons = new List<LocalizableText>();
        if (instance.Status != WorkflowStatus.Suspended)
            reasons.Add($"it is {instance.Status}; only a suspended instance can move to another version.");
        var source = await store.GetAsync(db, instance.DefinitionVersionId, cancellationToken);
        var state = ExecutionState.Parse(instance.StateJson);
        var needed = waiting.Concat(state.JoinArrivals.Keys).Concat(state.Pending.Select(p => p.ActivityId)).Distinct().Order(StringComparer.Ordinal);
        foreach (var activityId in needed)
        {
            if (!target.Activities.TryGetValue(activityId, out var there))
                reasons.Add($"activity `{activityId}` does not exist in version {request.ToVersion}.");
            else if (source.Activities.TryGetValue(activityId, out var here) && here.Descriptor.ActivityType != there.Descriptor.ActivityType)
                reasons.Add($"activity `{activityId}` is a {there.Type} in version {request.ToVersion}, not a {here.Type}.");
        }
        return new InstancePlan(instance.Id, instance.CorrelationId, instance.Status, waiting, reasons.Count == 0, reasons);
    }
}
