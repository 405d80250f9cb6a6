using CallManager.Runtime.Instances;
using CallManager.Runtime.Stimuli;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CallManager.Runtime.Execution;

/// <summary>
/// Commits the steps of one unit of work in one transaction (one commit): first what the scope's DbContext tracks
/// (domain changes made by activities, incidents, inbox records), then each step's instance row, bookmarks and journal
/// with plain commands sent as one batch (the step's journal lines are one row) (no change tracking). The instance row is updated only if its version is still
/// the one the step read; otherwise nothing is committed and a <see cref="DbUpdateConcurrencyException"/> makes the caller re-run.
/// </summary>
internal static class StepWriter
{
    private const int RowsPerInsert = 100;

    /// <summary>The instance columns a step changes (besides its version), in the order both writers set them.</summary>
    public static readonly string[] ChangedColumns =
    [
        nameof(WorkflowInstance.Status), nameof(WorkflowInstance.VariablesJson), nameof(WorkflowInstance.StateJson),
        nameof(WorkflowInstance.OutputJson), nameof(WorkflowInstance.UpdatedAt), nameof(WorkflowInstance.FinishedAt),
        nameof(WorkflowInstance.CorrelationId), nameof(WorkflowInstance.Name), // Elsa's Correlate and SetName
    ];

    /// <summary>Saves <paramref name="steps"/>, the tracked changes of <paramref name="db"/> and the stimulus record <paramref name="received"/> in one commit.</summary>
    public static async Task SaveAsync(DbContext db, IReadOnlyList<FlowchartExecutor> steps, WorkflowStimulus? received, CancellationToken cancellationToken)
    {
        // A provider that retries transient failures (Npgsql, SQL Server) only accepts a transaction run through its strategy.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await using var batch = new CommandBatch(transaction.GetDbTransaction());
            for (var i = 0; i < steps.Count; i++) await WriteAsync(db, batch, steps[i], i == 0 ? received : null, ct);
            if (steps.Count == 0 && received is not null) await WriteAsync(db, batch, null, received, ct);
            await batch.FlushAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
        foreach (var step in steps) step.Committed();
    }

    /// <summary>
    /// Writes one step (and the stimulus record <paramref name="received"/>) through <paramref name="statements"/>, in the
    /// caller's transaction: the stimulus record, the instance (inserted, or updated if its version is still the one read),
    /// the removed and added bookmarks, the step's journal row. The caller flushes and commits.
    /// </summary>
    public static async ValueTask WriteAsync(DbContext db, IStepStatements statements, FlowchartExecutor? step, WorkflowStimulus? received,
        CancellationToken cancellationToken)
    {
        if (received is not null) await statements.InsertAsync(TableSql.For<WorkflowStimulus>(db), [received], cancellationToken);
        if (step is null) return;
        var instances = TableSql.For<WorkflowInstance>(db);
        if (step.IsNew) await statements.InsertAsync(instances, [step.Instance], cancellationToken);
        else await statements.UpdateVersionedAsync(instances, step.Instance, cancellationToken);
        var bookmarks = TableSql.For<WorkflowBookmark>(db);
        foreach (var removed in step.Removed) await statements.DeleteAsync(bookmarks, nameof(WorkflowBookmark.Id), removed, cancellationToken);
        foreach (var chunk in step.Added.Chunk(RowsPerInsert)) await statements.InsertAsync(bookmarks, chunk, cancellationToken);
        if (step.JournalEntries.Count > 0)
            await statements.InsertAsync(TableSql.For<WorkflowJournalStep>(db), [WorkflowJournalStep.Of(step.Instance.Id, step.JournalEntries)], cancellationToken);
    }
}

/// <summary>
/// The statements a step's writes are made of, each expected to touch a known number of rows: a count that differs (a
/// version check that matched no row, a bookmark already deleted) means another writer changed the instance first,
/// <see cref="DbUpdateConcurrencyException"/>, and the caller's transaction is not committed.
/// </summary>
internal interface IStepStatements
{
    /// <summary>Inserts <paramref name="rows"/> into <paramref name="table"/>.</summary>
    ValueTask InsertAsync<T>(TableSql table, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class;

    /// <summary>Updates the instance's <see cref="StepWriter.ChangedColumns"/> and version, if its version is still the one read.</summary>
    ValueTask UpdateVersionedAsync(TableSql table, WorkflowInstance instance, CancellationToken cancellationToken);

    /// <summary>Deletes the row of <paramref name="row"/> by its key property <paramref name="key"/>.</summary>
    ValueTask DeleteAsync(TableSql table, string key, object row, CancellationToken cancellationToken);
}
