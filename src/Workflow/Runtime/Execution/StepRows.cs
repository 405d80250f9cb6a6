using System.Runtime.CompilerServices;
using CallManager.Workflow.Runtime.Instances;
using CallManager.Workflow.Runtime.Stimuli;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CallManager.Workflow.Runtime.Execution;

/// <summary>
/// The reads of a group-committed step (<see cref="GroupCommit"/>, SQLite), as kept commands generated from the EF Core
/// model: the suspended instances a stimulus resumes with all their bookmarks (the same rows as <see cref="StepQueries"/>),
/// and whether an idempotency key was already received.
/// </summary>
internal static class StepRows
{
    private static readonly ConditionalWeakTable<IModel, Sql> PerModel = new();

    private sealed class Sql
    {
        public Sql(TableSql instances, TableSql bookmarks, TableSql stimuli)
        {
            (Instances, Bookmarks) = (instances, bookmarks);
            string I(string p) => "i." + instances.Column(p);
            string M(string p) => "m." + bookmarks.Column(p);
            // Parameters @p0 (name), @p1 (correlation id), @p2 (Suspended): the order TableSql.Value numbers them.
            Targets = $"SELECT {instances.SelectList("i")}, {bookmarks.SelectList("b")} FROM {bookmarks.Table} AS m"
                      + $" JOIN {instances.Table} AS i ON {I(nameof(WorkflowInstance.Id))} = {M(nameof(WorkflowBookmark.InstanceId))}"
                      + $" JOIN {bookmarks.Table} AS b ON b.{bookmarks.Column(nameof(WorkflowBookmark.InstanceId))} = {I(nameof(WorkflowInstance.Id))}"
                      + $" WHERE {M(nameof(WorkflowBookmark.Name))} = @p0 AND {M(nameof(WorkflowBookmark.CorrelationId))} IS @p1"
                      + $" AND {M(nameof(WorkflowBookmark.DueAt))} IS NULL AND {I(nameof(WorkflowInstance.Status))} = @p2";
            KeyExists = $"SELECT 1 FROM {stimuli.Table} WHERE {stimuli.Column(nameof(WorkflowStimulus.IdempotencyKey))} = @p0 LIMIT 1";
            Stimuli = stimuli;
        }

        public TableSql Instances { get; }
        public TableSql Bookmarks { get; }
        public TableSql Stimuli { get; }
        public string Targets { get; }
        public string KeyExists { get; }
    }

    private static Sql For(GroupStep step) => PerModel.GetValue(step.Db.Model, _ =>
        new Sql(TableSql.For<WorkflowInstance>(step.Db), TableSql.For<WorkflowBookmark>(step.Db), TableSql.For<WorkflowStimulus>(step.Db)));

    /// <summary>The suspended instances with a signal bookmark <paramref name="name"/> for <paramref name="correlationId"/>, each with all its bookmarks.</summary>
    public static async Task<List<(WorkflowInstance Instance, List<WorkflowBookmark> Bookmarks)>> TargetsAsync(GroupStep step,
        string name, string? correlationId, CancellationToken cancellationToken)
    {
        var sql = For(step);
        await using var draft = step.Transaction.Connection!.CreateCommand();
        sql.Bookmarks.Value(draft, nameof(WorkflowBookmark.Name), name);
        sql.Bookmarks.Value(draft, nameof(WorkflowBookmark.CorrelationId), correlationId);
        sql.Instances.Value(draft, nameof(WorkflowInstance.Status), WorkflowStatus.Suspended);
        var targets = new Dictionary<Guid, (WorkflowInstance Instance, List<WorkflowBookmark> Bookmarks)>();
        await using var reader = await step.Prepared.Take(sql.Targets, draft, step.Transaction).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var bookmark = sql.Bookmarks.Read<WorkflowBookmark>(reader, sql.Instances.ColumnCount);
            if (!targets.TryGetValue(bookmark.InstanceId, out var target))
                targets[bookmark.InstanceId] = target = (sql.Instances.Read<WorkflowInstance>(reader, 0), []);
            if (target.Bookmarks.All(b => b.Id != bookmark.Id)) target.Bookmarks.Add(bookmark);
        }
        return [.. targets.Values.OrderBy(t => t.Instance.Id)];
    }

    /// <summary>True when a stimulus with idempotency key <paramref name="key"/> was already received.</summary>
    public static async Task<bool> KeyExistsAsync(GroupStep step, string key, CancellationToken cancellationToken)
    {
        var sql = For(step);
        await using var draft = step.Transaction.Connection!.CreateCommand();
        sql.Stimuli.Value(draft, nameof(WorkflowStimulus.IdempotencyKey), key);
        return await step.Prepared.Take(sql.KeyExists, draft, step.Transaction).ExecuteScalarAsync(cancellationToken) is not null;
    }
}
