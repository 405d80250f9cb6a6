using System.Runtime.CompilerServices;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CallManager.Runtime.Execution;

/// <summary>
/// The reads of a step, compiled once and untracked: the suspended instances a stimulus resumes, each with all its
/// bookmarks, in one query driven by the (name, correlation id) index of the bookmarks.
/// </summary>
internal static class StepQueries
{
    /// <summary>One instance with one of its bookmarks (an instance comes once per bookmark).</summary>
    public sealed record Row(WorkflowInstance Instance, WorkflowBookmark Bookmark);

    // EF Core binds a compiled query to one model: SQLite and PostgreSQL contexts in one process get one each.
    private static readonly ConditionalWeakTable<IModel, Compiled> PerModel = new();

    private sealed class Compiled
    {
        public readonly Func<DbContext, string, string?, IAsyncEnumerable<Row>> ByCorrelation = EF.CompileAsyncQuery(
            (DbContext db, string name, string? correlationId) =>
                from m in db.Set<WorkflowBookmark>().AsNoTracking()
                where m.Name == name && m.CorrelationId == correlationId && m.DueAt == null
                join i in db.Set<WorkflowInstance>().AsNoTracking() on m.InstanceId equals i.Id
                where i.Status == WorkflowStatus.Suspended
                join b in db.Set<WorkflowBookmark>().AsNoTracking() on i.Id equals b.InstanceId
                select new Row(i, b));

        public readonly Func<DbContext, string, Guid, IAsyncEnumerable<Row>> ByInstance = EF.CompileAsyncQuery(
            (DbContext db, string name, Guid instanceId) =>
                from i in db.Set<WorkflowInstance>().AsNoTracking()
                where i.Id == instanceId && i.Status == WorkflowStatus.Suspended
                      && db.Set<WorkflowBookmark>().Any(m => m.InstanceId == i.Id && m.Name == name && m.DueAt == null)
                join b in db.Set<WorkflowBookmark>().AsNoTracking() on i.Id equals b.InstanceId
                select new Row(i, b));
    }

    /// <summary>
    /// The targets of several stimuli in one query (the group writer's batch on PostgreSQL and SQL Server): by (name,
    /// correlation id), the suspended instances with a signal bookmark of that name for that correlation id, each with all its bookmarks.
    /// </summary>
    public static async Task<Dictionary<(string Name, string? CorrelationId), List<(WorkflowInstance Instance, List<WorkflowBookmark> Bookmarks)>>> TargetsOfAsync(
        DbContext db, IReadOnlyCollection<(string Name, string? CorrelationId)> keys, CancellationToken cancellationToken)
    {
        var names = keys.Select(k => k.Name).Distinct().ToList();
        var correlationIds = keys.Select(k => k.CorrelationId).Distinct().ToList();
        var rows = await (from m in db.Set<WorkflowBookmark>().AsNoTracking()
                          where names.Contains(m.Name) && correlationIds.Contains(m.CorrelationId) && m.DueAt == null
                          join i in db.Set<WorkflowInstance>().AsNoTracking() on m.InstanceId equals i.Id
                          where i.Status == WorkflowStatus.Suspended
                          join b in db.Set<WorkflowBookmark>().AsNoTracking() on i.Id equals b.InstanceId
                          select new { m.Name, m.CorrelationId, Row = new Row(i, b) }).ToListAsync(cancellationToken);
        var wanted = keys.ToHashSet();
        var targets = keys.Distinct().ToDictionary(k => k, _ => new Dictionary<Guid, (WorkflowInstance Instance, List<WorkflowBookmark> Bookmarks)>());
        foreach (var row in rows)
        {
            if (!wanted.Contains((row.Name, row.CorrelationId))) continue; // names × correlation ids: pairs nobody asked for
            var byInstance = targets[(row.Name, row.CorrelationId)];
            if (!byInstance.TryGetValue(row.Row.Instance.Id, out var target)) byInstance[row.Row.Instance.Id] = target = (row.Row.Instance, []);
            if (target.Bookmarks.All(b => b.Id != row.Row.Bookmark.Id)) target.Bookmarks.Add(row.Row.Bookmark);
        }
        return targets.ToDictionary(t => t.Key, t => t.Value.Values.OrderBy(x => x.Instance.Id).ToList());
    }

    /// <summary>
    /// The suspended instances with a signal bookmark named <paramref name="name"/> for <paramref name="correlationId"/>
    /// (or of instance <paramref name="instanceId"/>), except <paramref name="excluded"/>, each with all its bookmarks.
    /// </summary>
    public static async Task<List<(WorkflowInstance Instance, List<WorkflowBookmark> Bookmarks)>> TargetsAsync(DbContext db,
        string name, string? correlationId, Guid? instanceId, IReadOnlyCollection<Guid> excluded, CancellationToken cancellationToken)
    {
        var compiled = PerModel.GetValue(db.Model, _ => new Compiled());
        var rows = instanceId is { } id ? compiled.ByInstance(db, name, id) : compiled.ByCorrelation(db, name, correlationId);
        var targets = new Dictionary<Guid, (WorkflowInstance Instance, List<WorkflowBookmark> Bookmarks)>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (excluded.Contains(row.Instance.Id)) continue;
            if (!targets.TryGetValue(row.Instance.Id, out var target)) targets[row.Instance.Id] = target = (row.Instance, []);
            if (target.Bookmarks.All(b => b.Id != row.Bookmark.Id)) target.Bookmarks.Add(row.Bookmark);
        }
        return [.. targets.Values.OrderBy(t => t.Instance.Id)];
    }
}
