using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Calls;

/// <summary>
/// Runs a change that numbers something within one call (a dossier reference, a ranking snapshot) one at a time per call,
/// across every host on the database: the change reads the highest number and saves the next one inside a transaction
/// that holds the call's numbering lock, so two requests at the same moment never pick the same number and neither has
/// to retry.
/// </summary>
internal static class CallNumbering
{
    /// <summary>
    /// Takes the call's numbering lock (<see cref="TransactionLock"/>; a named lock, not the call's row, so an administrator
    /// editing the call at the same moment neither waits nor deadlocks with it), runs <paramref name="change"/> and commits.
    /// When the provider's execution strategy retries a transient failure, the entities the failed attempt began tracking
    /// are detached first.
    /// </summary>
    public static Task<T> RunAsync<T>(CallManagerDbContext db, Guid callId, Func<CancellationToken, Task<T>> change, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            var tracked = db.ChangeTracker.Entries().Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                await TransactionLock.TakeAsync(db, $"call-numbering:{callId}", token);
                var result = await change(token);
                await transaction.CommitAsync(token);
                return result;
            }
            catch
            {
                foreach (var entry in db.ChangeTracker.Entries().Where(e => !tracked.Contains(e.Entity)).ToList())
                    entry.State = EntityState.Detached;
                throw;
            }
        }, ct);
}
