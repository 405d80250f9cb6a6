using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace CallManager.Domain.Notifications;

/// <summary>
/// Wakes this host's dispatcher when mail was committed here, so a mail leaves at once instead of at the next poll;
/// the poll stays for mail enqueued by other hosts. Raising is cheap and idempotent: wake-ups coalesce into one.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Says that mail was committed; the dispatcher runs a pass as soon as it is free.</summary>
    public void Raise() => _channel.Writer.TryWrite(true);

    /// <summary>Waits until <see cref="Raise"/> is called (or was called since the last wait) or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _)) return;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the poll interval passed without a signal: time for the fallback pass
        }
    }
}

/// <summary>
/// Raises <see cref="OutboxSignal"/> after a save that added outbox rows is committed: at once for a save in its own
/// transaction, at the commit of the caller's transaction otherwise (a rolled-back mail never wakes anyone).
/// </summary>
public sealed class OutboxEnqueuedInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Marker = new();
    private readonly ConditionalWeakTable<DbContext, object> _saving = new();
    private readonly ConditionalWeakTable<DbTransaction, object> _awaitingCommit = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null) return;
        if (context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added)) _saving.AddOrUpdate(context, Marker);
        else _saving.Remove(context);
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_saving.Remove(context)) return;
        if (context.Database.CurrentTransaction is { } transaction) _awaitingCommit.AddOrUpdate(transaction.GetDbTransaction(), Marker);
        else signal.Raise();
    }

    private void Forget(DbContext? context)
    {
        if (context is not null) _saving.Remove(context);
    }

    private void Committed(DbTransaction transaction)
    {
        if (_awaitingCommit.Remove(transaction)) signal.Raise();
    }
}
