using CallManager.Domain.Common;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Runtime;

/// <summary>Read side of the runtime for administrators: definitions and versions, instances, one instance in detail.</summary>
public sealed class WorkflowQueries([FromKeyedServices(RuntimeStorage.Key)] DbContext db)
{
    /// <summary>Those of <paramref name="definitionIds"/> that have no published version (their instances cannot start).</summary>
    public async Task<IReadOnlyList<string>> UnpublishedAsync(IEnumerable<string> definitionIds, CancellationToken cancellationToken = default)
    {
        var wanted = definitionIds.Distinct(StringComparer.Ordinal).ToList();
        var published = await db.Set<WorkflowDefinitionVersion>().AsNoTracking().Where(v => wanted.Contains(v.DefinitionId))
            .Select(v => v.DefinitionId).Distinct().ToListAsync(cancellationToken);
        return [.. wanted.Except(published, StringComparer.Ordinal)];
    }

    /// <summary>A published version of a definition.</summary>
    public sealed record DefinitionVersionView(string DefinitionId, int Version, string Name, string? Source, string? TriggerName, DateTimeOffset PublishedAt);

    /// <summary>A filter on instances; null fields do not filter.</summary>
    public sealed record InstanceFilter(string? DefinitionId = null, WorkflowStatus? Status = null, string? CorrelationId = null, int Skip = 0, int Take = 100,
        string? Name = null);

    /// <summary>An instance in a list.</summary>
    public sealed record InstanceView(Guid Id, string DefinitionId, int DefinitionVersion, WorkflowStatus Status, string? CorrelationId,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, string? Name = null);

    /// <summary>
    /// An instance with its variables, bookmarks, incidents and journal, its outputs (Elsa's SetOutput), the instance that started it
    /// (ExecuteWorkflow, DispatchWorkflow, a definition used as an activity) and the children it started.
    /// </summary>
    public sealed record InstanceDetails(InstanceView Instance, System.Text.Json.Nodes.JsonNode? Variables, IReadOnlyList<WorkflowBookmark> Bookmarks,
        IReadOnlyList<WorkflowIncident> Incidents, IReadOnlyList<WorkflowJournalEntry> Journal,
        System.Text.Json.Nodes.JsonNode? Output = null, Guid? ParentInstanceId = null, IReadOnlyList<InstanceView>? Children = null);

    /// <summary>Every published version, by definition then version.</summary>
    public async Task<IReadOnlyList<DefinitionVersionView>> DefinitionsAsync(CancellationToken cancellationToken = default) =>
        (await db.Set<WorkflowDefinitionVersion>().AsNoTracking()
            .Select(v => new DefinitionVersionView(v.DefinitionId, v.Version, v.Name, v.Source, v.TriggerName, v.PublishedAt))
            .ToListAsync(cancellationToken))
        .OrderBy(v => v.DefinitionId, StringComparer.Ordinal).ThenBy(v => v.Version).ToList();

    /// <summary>The instances matching <paramref name="filter"/>, newest first.</summary>
    public async Task<IReadOnlyList<InstanceView>> InstancesAsync(InstanceFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.Set<WorkflowInstance>().AsNoTracking();
        if (filter.DefinitionId is not null) query = query.Where(i => i.DefinitionId == filter.DefinitionId);
        if (filter.Status is { } status) query = query.Where(i => i.Status == status);
        if (filter.CorrelationId is not null) query = query.Where(i => i.CorrelationId == filter.CorrelationId);
        if (filter.Name is not null) query = query.Where(i => i.Name == filter.Name);
        return await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, 1000))
            .Select(i => new InstanceView(i.Id, i.DefinitionId, i.DefinitionVersion, i.Status, i.CorrelationId, i.CreatedAt, i.UpdatedAt, i.FinishedAt, i.Name))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The journal lines of instance <paramref name="id"/>, in the order they were written.</summary>
    public async Task<List<WorkflowJournalEntry>> JournalAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await db.Set<WorkflowJournalStep>().AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Id).ToListAsync(cancellationToken))
        .SelectMany(step => step.Lines()).ToList();

    /// <summary>One instance with everything an administrator needs to understand it.</summary>
    public async Task<InstanceDetails> InstanceAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var i = await db.Set<WorkflowInstance>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken)
            ?? throw DomainException.NotFound($"Workflow instance {id}");
        var view = new InstanceView(i.Id, i.DefinitionId, i.DefinitionVersion, i.Status, i.CorrelationId, i.CreatedAt, i.UpdatedAt, i.FinishedAt, i.Name);
        return new InstanceDetails(view, System.Text.Json.Nodes.JsonNode.Parse(i.VariablesJson),
            await db.Set<WorkflowBookmark>().AsNoTracking().Where(b => b.InstanceId == id).OrderBy(b => b.CreatedAt).ToListAsync(cancellationToken),
            await db.Set<WorkflowIncident>().AsNoTracking().Where(x => x.InstanceId == id).OrderBy(x => x.At).ToListAsync(cancellationToken),
            await JournalAsync(id, cancellationToken),
            string.IsNullOrEmpty(i.OutputJson) ? new System.Text.Json.Nodes.JsonObject() : System.Text.Json.Nodes.JsonNode.Parse(i.OutputJson), i.ParentInstanceId,
            await db.Set<WorkflowInstance>().AsNoTracking().Where(c => c.ParentInstanceId == id).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .Select(c => new InstanceView(c.Id, c.DefinitionId, c.DefinitionVersion, c.Status, c.CorrelationId, c.CreatedAt, c.UpdatedAt, c.FinishedAt))
                .ToListAsync(cancellationToken));
    }
}
