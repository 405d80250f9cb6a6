using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CallManager.Domain.Persistence.Providers;

/// <summary>
/// One writer at a time per SQLite file inside this process, queued without blocking a thread. SQLite has a single write
/// lock; when Microsoft.Data.Sqlite finds it taken it puts the thread to sleep for 150 ms and tries again. Under a deadline
/// rush that turned a 3 ms wait into 150 ms steps and starved the thread pool (measured: 60 s of sleeping threads in an
/// 11 s burst, p99 above 1 s). Here a writer first waits, asynchronously and in arrival order, for this gate; it then finds
/// the file's lock free. A writer is a transaction (EF Core begins them with <c>BEGIN IMMEDIATE</c>), or a write outside a
/// transaction (a lone insert that SaveChanges runs without one, ExecuteUpdate, raw SQL). Another process on the same file
/// still meets Microsoft.Data.Sqlite's own retries.
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);
    private static readonly Meter Meter = new("CallManager.Persistence");
    private static readonly Counter<long> Timeouts = Meter.CreateCounter<long>("callmanager.sqlite.write_gate_timeouts",
        description: "Writers that waited longer than the command timeout for this process's SQLite write gate");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _timeout;
    private readonly ConditionalWeakTable<DbConnection, Hold> _holds = new();
    private readonly ConditionalWeakTable<DbTransaction, DbConnection> _connections = new(); // a committed SqliteTransaction forgets its connection

    private SqliteWriteGate(TimeSpan timeout) => _timeout = timeout;

    /// <summary>The gate of the file named by <paramref name="connectionString"/>, shared by every context of this process on that file.</summary>
    public static SqliteWriteGate For(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory
            ? connectionString
            : Path.GetFullPath(builder.DataSource);
        return Gates.GetOrAdd(file, _ => new SqliteWriteGate(TimeSpan.FromSeconds(builder.DefaultTimeout is > 0 and var t ? t : 30)));
    }

    /// <summary>Whether a connection holds the gate, and since which step (its transaction, or one write outside a transaction).</summary>
    private sealed class Hold
    {
        public bool Held;
        public bool ByCommand;
    }

    private async ValueTask EnterAsync(DbConnection connection, bool byCommand, CancellationToken ct)
    {
        var hold = _holds.GetOrCreateValue(connection);
        if (hold.Held) return; // a transaction disposed without commit or rollback keeps it until the next one or the close
        if (!await _gate.WaitAsync(_timeout, ct)) throw TimedOut();
        (hold.Held, hold.ByCommand) = (true, byCommand);
    }

    private void Enter(DbConnection connection, bool byCommand)
    {
        var hold = _holds.GetOrCreateValue(connection);
        if (hold.Held) return;
        if (!_gate.Wait(_timeout)) throw TimedOut();
        (hold.Held, hold.ByCommand) = (true, byCommand);
    }

    private SqliteException TimedOut()
    {
        Timeouts.Add(1);
        // SQLITE_BUSY, so that callers treat it as the busy file it stands for (retry, or 409/503 to the user).
        return new SqliteException($"database is locked: waited {_timeout.TotalSeconds:F0} s for another writer of this process to finish", 5);
    }

    private void Exit(DbConnection connection, bool onlyIfByCommand = false)
    {
        if (!_holds.TryGetValue(connection, out var hold) || !hold.Held || (onlyIfByCommand && !hold.ByCommand)) return;
        hold.Held = false;
        _gate.Release();
    }

    // Transactions: from their start to their commit or rollback (or their connection's close, if disposed without either).

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(connection, byCommand: false);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(connection, byCommand: false, cancellationToken);
        return result;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _connections.AddOrUpdate(result, connection);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    private void Ended(DbTransaction transaction)
    {
        if (_connections.TryGetValue(transaction, out var connection)) Exit(connection);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        if (eventData.Action is "Commit" or "Rollback") Ended(transaction);
    }

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    // Writes outside a transaction: from the command to its end (a reader's disposal: SQLite ends the statement's own transaction then).

    private static bool Writes(DbCommand command)
    {
        if (command.Transaction is not null) return false;
        var text = command.CommandText.AsSpan().TrimStart();
        while (text.StartsWith("--")) // EF Core's tags
        {
            var end = text.IndexOf('\n');
            text = end < 0 ? [] : text[(end + 1)..].TrimStart();
        }
        foreach (var verb in (ReadOnlySpan<string>)["INSERT", "UPDATE", "DELETE", "REPLACE"])
            if (text.StartsWith(verb, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (Writes(command)) Enter(command.Connection!, byCommand: true);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (Writes(command)) await EnterAsync(command.Connection!, byCommand: true, cancellationToken);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Exit(command.Connection!, onlyIfByCommand: true);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Exit(command.Connection!, onlyIfByCommand: true);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (Writes(command)) Enter(command.Connection!, byCommand: true);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Writes(command)) await EnterAsync(command.Connection!, byCommand: true, cancellationToken);
        return result;
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Exit(command.Connection!, onlyIfByCommand: true);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Exit(command.Connection!, onlyIfByCommand: true);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(command.Connection!, onlyIfByCommand: true);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Exit(command.Connection!, onlyIfByCommand: true);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(command.Connection!, onlyIfByCommand: true);
        return Task.CompletedTask;
    }

    // The safety net: a connection that closes gives the gate back, whatever was left open on it.

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Exit(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Exit(connection);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Exit(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Exit(connection);
        return ValueTask.FromResult(result);
    }
}
