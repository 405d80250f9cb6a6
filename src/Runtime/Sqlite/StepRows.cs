using System.Runtime.CompilerServices;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Stimuli;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CallManager.Runtime.Sqlite;

/// <summary>
/// The reads of a group-committed step (<see cref="GroupCommit"/>, SQLite), as statements generated from the EF Core
/// model and run through SQLite's API (<see cref="SqliteStatements"/>): the suspended instances a stimulus resumes with all their bookmarks (the same rows as <see cref="StepQueries"/>),
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
            // Parameters @p0 (name), @p1 (correlation id), @p2 (Suspended): bound by position, 1 to 3.
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
    public static List<(WorkflowInstance Instance, List<WorkflowBookmark> Bookmarks)> Targets(GroupStep step, string name, string? correlationId)
    {
        var sql = For(step);
        var statement = step.Sqlite!.Get(sql.Targets);
        sql.Bookmarks.Bind(statement, 1, nameof(WorkflowBookmark.Name), name);
        sql.Bookmarks.Bind(statement, 2, nameof(WorkflowBookmark.CorrelationId), correlationId);
        sql.Instances.Bind(statement, 3, nameof(WorkflowInstance.Status), WorkflowStatus.Suspended);
        var targets = new Dictionary<Guid, (WorkflowInstance Instance, List<WorkflowBookmark> Bookmarks)>();
        try
        {
            while (statement.Read())
            {
                var bookmark = sql.Bookmarks.Read<WorkflowBookmark>(statement, sql.Instances.ColumnCount);
                if (!targets.TryGetValue(bookmark.InstanceId, out var target))
                    targets[bookmark.InstanceId] = target = (sql.Instances.Read<WorkflowInstance>(statement, 0), []);
                if (target.Bookmarks.All(b => b.Id != bookmark.Id)) target.Bookmarks.Add(bookmark);
            }
        }
        finally
        {
            statement.Reset();
        }
        return [.. targets.Values.OrderBy(t => t.Instance.Id)];
    }

    /// <summary>True when a stimulus with idempotency key <paramref name="key"/> was already received.</summary>
    public static bool KeyExists(GroupStep step, string key)
    {
        var sql = For(step);
        var statement = step.Sqlite!.Get(sql.KeyExists);
        sql.Stimuli.Bind(statement, 1, nameof(WorkflowStimulus.IdempotencyKey), key);
        try
        {
            return statement.Read();
        }
        finally
        {
            statement.Reset();
        }
    }
}
