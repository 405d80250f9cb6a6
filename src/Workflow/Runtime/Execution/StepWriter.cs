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
/// with plain commands (no change tracking). The instance row is updated only if its version is still the one the
/// step read; otherwise nothing is committed and a <see cref="DbUpdateConcurrencyException"/> makes the caller re-run.
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

    private static async Task WriteAsync(CallManagerDbContext db, DbTransaction transaction, FlowchartExecutor? step, WorkflowStimulus? received, CancellationToken cancellationToken)
    {
        if (step is { IsNew: false }) await UpdateInstanceAsync(db, transaction, step.Instance, cancellationToken);
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var text = new StringBuilder();
        if (step is not null) AppendStep(db, command, text, step);
        if (received is not null) TableSql.For<WorkflowStimulus>(db).AppendInsert(command, text, [received]);
        if (text.Length == 0) return;
        command.CommandText = text.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AppendStep(CallManagerDbContext db, DbCommand command, StringBuilder text, FlowchartExecutor step)
    {
        if (step.IsNew) TableSql.For<WorkflowInstance>(db).AppendInsert(command, text, [step.Instance]);
        var bookmarks = TableSql.For<WorkflowBookmark>(db);
        foreach (var removed in step.Removed)
            text.Append("DELETE FROM ").Append(bookmarks.Table).Append(" WHERE ").Append(bookmarks.Column(nameof(WorkflowBookmark.Id)))
                .Append(" = ").Append(bookmarks.Parameter(command, nameof(WorkflowBookmark.Id), removed)).Append(";\n");
        bookmarks.AppendInsert(command, text, step.Added);
        var journal = TableSql.For<WorkflowJournalEntry>(db);
        foreach (var chunk in step.JournalEntries.Chunk(RowsPerInsert)) journal.AppendInsert(command, text, chunk);
    }

    /// <summary>UPDATE ... WHERE Id = @id AND Version = @read: zero rows means another writer committed first.</summary>
    private static async Task UpdateInstanceAsync(CallManagerDbContext db, DbTransaction transaction, WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var table = TableSql.For<WorkflowInstance>(db);
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var text = new StringBuilder("UPDATE ").Append(table.Table).Append(" SET ");
        string[] changed = [nameof(WorkflowInstance.Status), nameof(WorkflowInstance.VariablesJson), nameof(WorkflowInstance.StateJson),
            nameof(WorkflowInstance.UpdatedAt), nameof(WorkflowInstance.FinishedAt)];
        foreach (var name in changed) text.Append(table.Column(name)).Append(" = ").Append(table.Parameter(command, name, instance)).Append(", ");
        var version = table.Column(nameof(WorkflowInstance.Version));
        text.Append(version).Append(" = ").Append(table.Value(command, nameof(WorkflowInstance.Version), instance.Version + 1))
            .Append(" WHERE ").Append(table.Column(nameof(WorkflowInstance.Id))).Append(" = ").Append(table.Parameter(command, nameof(WorkflowInstance.Id), instance))
            .Append(" AND ").Append(version).Append(" = ").Append(table.Parameter(command, nameof(WorkflowInstance.Version), instance));
        command.CommandText = text.ToString();
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            throw new DbUpdateConcurrencyException($"Workflow instance {instance.Id} was changed by another writer since version {instance.Version} was read.");
    }
}
