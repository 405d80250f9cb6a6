using System.Data.Common;
using System.Text;
using CallManager.Workflow.Persistence;
using CallManager.Workflow.Runtime.Instances;
using CallManager.Workflow.Runtime.Stimuli;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CallManager.Workflow.Runtime.Execution;

/// <summary>
/// Commits the steps of one unit of work in one transaction (one commit): first what the scope's DbContext tracks
/// (domain changes made by activities, incidents, inbox records), then each step's instance row, bookmarks and journal
/// with plain commands sent as one batch (the step's journal lines are one row) (no change tracking). The instance row is updated only if its version is still
/// the one the step read; otherwise nothing is committed and a <see cref="DbUpdateConcurrencyException"/> makes the caller re-run.
/// </summary>
internal static class StepWriter
{
    private const int RowsPerInsert = 100;

    /// <summary>Saves <paramref name="steps"/>, the tracked changes of <paramref name="db"/> and the stimulus record <paramref name="received"/> in one commit.</summary>
    public static async Task SaveAsync(CallManagerDbContext db, IReadOnlyList<FlowchartExecutor> steps, WorkflowStimulus? received, CancellationToken cancellationToken)
    {
        // A provider that retries transient failures (Npgsql, SQL Server) only accepts a transaction run through its strategy.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            var raw = transaction.GetDbTransaction();
            for (var i = 0; i < steps.Count; i++) await WriteAsync(db, raw, steps[i], i == 0 ? received : null, ct);
            if (steps.Count == 0 && received is not null) await WriteAsync(db, raw, null, received, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
        foreach (var step in steps) step.Committed();
    }

    /// <summary>
    /// Writes one step (and the stimulus record <paramref name="received"/>) in <paramref name="transaction"/>, which the caller commits;
    /// with <paramref name="prepared"/>, through commands kept on the connection.
    /// </summary>
    public static async Task WriteAsync(CallManagerDbContext db, DbTransaction transaction, FlowchartExecutor? step, WorkflowStimulus? received,
        CancellationToken cancellationToken, PreparedCommands? prepared = null)
    {
        await using var batch = new CommandBatch(transaction, prepared);
        if (received is not null) await batch.AddAsync(1, (command, text) => TableSql.For<WorkflowStimulus>(db).AppendInsert(command, text, [received]), cancellationToken);
        if (step is null) { await batch.FlushAsync(cancellationToken); return; }
        var instances = TableSql.For<WorkflowInstance>(db);
        await batch.AddAsync(1, (command, text) =>
        {
            if (step.IsNew) instances.AppendInsert(command, text, [step.Instance]);
            else AppendVersionedUpdate(instances, command, text, step.Instance);
        }, cancellationToken);
        var bookmarks = TableSql.For<WorkflowBookmark>(db);
        foreach (var removed in step.Removed)
            await batch.AddAsync(1, (command, text) => text.Append("DELETE FROM ").Append(bookmarks.Table).Append(" WHERE ").Append(bookmarks.Column(nameof(WorkflowBookmark.Id)))
                .Append(" = ").Append(bookmarks.Parameter(command, nameof(WorkflowBookmark.Id), removed)).Append(";\n"), cancellationToken);
        foreach (var chunk in step.Added.Chunk(RowsPerInsert))
            await batch.AddAsync(chunk.Length, (command, text) => bookmarks.AppendInsert(command, text, chunk), cancellationToken);
        if (step.JournalEntries.Count > 0)
        {
            var journal = TableSql.For<WorkflowJournalStep>(db);
            await batch.AddAsync(1, (command, text) => journal.AppendInsert(command, text, [WorkflowJournalStep.Of(step.Instance.Id, step.JournalEntries)]), cancellationToken);
        }
        await batch.FlushAsync(cancellationToken);
    }

    /// <summary>UPDATE ... WHERE Id = @id AND Version = @read: zero rows means another writer committed first.</summary>
    private static void AppendVersionedUpdate(TableSql table, DbCommand command, StringBuilder text, WorkflowInstance instance)
    {
        text.Append("UPDATE ").Append(table.Table).Append(" SET ");
        string[] changed = [nameof(WorkflowInstance.Status), nameof(WorkflowInstance.VariablesJson), nameof(WorkflowInstance.StateJson),
            nameof(WorkflowInstance.UpdatedAt), nameof(WorkflowInstance.FinishedAt)];
        foreach (var name in changed) text.Append(table.Column(name)).Append(" = ").Append(table.Parameter(command, name, instance)).Append(", ");
        var version = table.Column(nameof(WorkflowInstance.Version));
        text.Append(version).Append(" = ").Append(table.Value(command, nameof(WorkflowInstance.Version), instance.Version + 1))
            .Append(" WHERE ").Append(table.Column(nameof(WorkflowInstance.Id))).Append(" = ").Append(table.Parameter(command, nameof(WorkflowInstance.Id), instance))
            .Append(" AND ").Append(version).Append(" = ").Append(table.Parameter(command, nameof(WorkflowInstance.Version), instance)).Append(";\n");
    }
}
