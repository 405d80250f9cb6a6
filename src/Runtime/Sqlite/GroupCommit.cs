using System.Collections.Concurrent;
using System.Data.Common;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallManager.Runtime.Sqlite;

/// <summary>
/// Group commit: work items from concurrent callers run one after the other on one long-lived connection inside one
/// write transaction, and are committed together (one commit, one WAL flush, for the whole batch). A caller's task
/// completes only after that commit; an item that throws gets the exception and the others run again, without it, in a
/// new transaction: so an item must be re-runnable (read what it needs inside the transaction, keep no effect outside it).
/// The caller that finds the writer free runs the batches itself (a lone caller pays no thread hop); the others wait.
/// On SQLite (one writer at a time anyway) the transaction is <c>BEGIN IMMEDIATE</c>, the statements run through SQLite's
/// API and WAL checkpoints run beside it (<see cref="WalCheckpointer"/>). On PostgreSQL and SQL Server the items'
/// writes go into one <see cref="CommandBatch"/> sent before the commit; its version checks still guard against other
/// writers (the scoped path, other hosts), and a batch whose writes fail is run again flushing after each item, so that
/// the failing item is found and left out (<see cref="TryCommitAsync"/>).
/// </summary>
public sealed class GroupCommit(IServiceScopeFactory scopes, ILogger<GroupCommit> logger) : IAsyncDisposable, IDisposable
{
    private const int MaxBatch = 64;

    /// <summary>
    /// The writer reads the database file through a memory map (up to 256 MB), saving a read call and a copy per page
    /// missing from its cache (measured in docs/benchmarks.md). SQLite's caveat: an I/O error on the mapped file ends the process instead of failing the
    /// statement, a risk of a failing disk, not of a local file in use.
    /// </summary>
    private const string MemoryMapPragma = "PRAGMA mmap_size=268435456;";
    private readonly ConcurrentQueue<Entry> _queue = new();
    private AsyncServiceScope? _scope;
    private DbContext? _db;
    private SqliteStatements? _statements;
    private WalCheckpointer? _checkpointer; // for the writer's life, across connection resets
    private int _leader;
    private int _lastBatch; // only the leader reads and writes it
    private long _transactions; // transactions begun; only the leader writes it
    private volatile bool _disposed;

    /// <summary>The background checkpointer, once the writer has opened its connection (for tests and diagnostics).</summary>
    internal WalCheckpointer? Checkpointer => _checkpointer;

    /// <summary>Work items committed so far (for tests and diagnostics).</summary>
    internal long ItemsCommitted => Interlocked.Read(ref _itemsCommitted);

    private long _itemsCommitted;

    /// <summary>Transactions committed so far (for tests and diagnostics).</summary>
    internal long BatchesCommitted => Interlocked.Read(ref _batchesCommitted);

    private long _batchesCommitted;

    /// <summary>Work items waiting for the writer (for tests).</summary>
    internal int Queued => _queue.Count;

    /// <summary>Stimuli that the group path failed to deliver for another reason than a workflow fault, since start-up.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>When the last such fallback happened, and why (null before the first).</summary>
    public (DateTimeOffset At, string Error)? LastFallback { get; private set; }

    private long _fallbacks;

    /// <summary>
    /// Counts a stimulus the group path could not deliver (the scoped path delivers it instead): throughput is lost, not
    /// data, but a bug here must show to an operator (/health) rather than only as a slower runtime.
    /// </summary>
    public void RecordFallback(Exception error, DateTimeOffset at)
    {
        Interlocked.Increment(ref _fallbacks);
        LastFallback = (at, $"{error.GetType().Name}: {error.Message}");
    }

    /// <summary>True on SQLite, PostgreSQL and SQL Server (the providers whose statements the writer knows).</summary>
    public bool IsEnabled => Provider != GroupProvider.None;

    /// <summary>The runtime context's provider (a context is created once, no connection opened).</summary>
    internal GroupProvider Provider => _provider ??= ProviderOf(scopes);

    private GroupProvider? _provider;

    private static GroupProvider ProviderOf(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var database = scope.ServiceProvider.RuntimeDb().Database;
        return database.IsSqlite() ? GroupProvider.Sqlite
            : database.IsNpgsql() ? GroupProvider.PostgreSql
            : database.IsSqlServer() ? GroupProvider.SqlServer
            : GroupProvider.None;
    }

    /// <summary>Runs <paramref name="work"/> in the next group transaction; returns its result once that transaction committed.</summary>
    /// <remarks>
    /// <paramref name="reads"/>, the (stimulus name, correlation id) whose targets the item reads: on PostgreSQL and SQL
    /// Server the targets of a whole batch are read in one query before its items run (<see cref="GroupStep.Targets"/>),
    /// instead of one round trip per item.
    /// </remarks>
    internal async Task<T> RunAsync<T>(Func<GroupStep, Task<T>> work, (string Name, string? CorrelationId)? reads = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var entry = new Entry<T>(work) { Reads = reads };
        _queue.Enqueue(entry);
        // The caller that becomes the leader commits batches until the queue is empty; the others just wait for theirs.
        while (!_queue.IsEmpty && Interlocked.CompareExchange(ref _leader, 1, 0) == 0)
        {
            try
            {
                while (!_queue.IsEmpty)
                {
                    // Under concurrency, let the callers just answered (their continuations queued on this thread) queue
                    // their next work first: one thread hop buys a batch several times larger. A lone caller skips it.
                    if (_lastBatch > 1) await Task.Yield();
                    await CommitBatchAsync();
                }
            }
            finally
            {
                Volatile.Write(ref _leader, 0); // then look again: work queued just before this line has no leader yet
            }
        }
        return await entry.Task;
    }

    private async Task CommitBatchAsync()
    {
        var batch = new List<Entry>();
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next)) batch.Add(next);
        _lastBatch = batch.Count;
        var pending = batch;
        var flushEach = false;
        // Without savepoints (each costs SQLite a statement journal, PostgreSQL a subtransaction): an item that throws
        // rolls the whole transaction back and the others run again without it. Failures are rare, so a batch usually
        // commits on the first try.
        while (pending.Count > 0)
        {
            var outcome = await TryCommitAsync(pending, flushEach);
            if (outcome.Failed is { } failed) pending = pending.Where(e => e != failed).ToList();
            else if (outcome.Unattributed) flushEach = true; // the batched writes failed: find whose, one flush per item
            else break;
        }
        foreach (var entry in batch) entry.Complete();
    }

    /// <summary>
    /// What one attempt at committing a batch gave: the item that threw (nothing committed, run the others again), or
    /// writes sent together that failed without telling whose (run again flushing after each item), or neither (committed,
    /// or failed as a whole: every item has its error).
    /// </summary>
    private readonly record struct Attempt(Entry? Failed, bool Unattributed);

    /// <summary>
    /// Runs <paramref name="entries"/> in one transaction and commits it. On PostgreSQL and SQL Server the items' writes
    /// are sent together before the commit, unless <paramref name="flushEach"/> (after such a send failed): then each
    /// item's writes are sent at its end, so that a failure belongs to the item that made it.
    /// </summary>
    private async Task<Attempt> TryCommitAsync(List<Entry> entries, bool flushEach)
    {
        try
        {
            var db = await OpenAsync();
            // A provider that retries transient failures (Npgsql, SQL Server) only accepts a transaction run through its
            // strategy; every failure is caught inside, so the strategy never re-runs a batch on its own.
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(() => RunAndCommitAsync(db, entries, flushEach));
        }
        catch (Exception e)
        {
            foreach (var entry in entries) entry.Error ??= e; // opening or resetting failed: nothing is committed
            return default;
        }
    }

    private async Task<Attempt> RunAndCommitAsync(DbContext db, List<Entry> entries, bool flushEach)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(); // Microsoft.Data.Sqlite: BEGIN IMMEDIATE
            await using var batch = _statements is null ? new CommandBatch(transaction.GetDbTransaction()) : null;
            var together = batch is not null && !flushEach && entries.Count > 1;
            // Read once for the batch; after a failed batch (flushEach), each item reads after the writes of those before it.
            var keys = together ? entries.Where(e => e.Reads is not null).Select(e => e.Reads!.Value).Distinct().ToList() : [];
            var targets = keys.Count > 1 ? await StepQueries.TargetsOfAsync(db, keys, CancellationToken.None) : null;
            var step = new GroupStep(db, transaction.GetDbTransaction(), (IStepStatements?)_statements ?? batch!, _statements, ++_transactions, targets);
            foreach (var entry in entries)
            {
                if (await RunEntryAsync(entry, step, together ? null : batch)) continue;
                await transaction.RollbackAsync();
                // A database error while writes of several items wait in the batch may be theirs (an aborted transaction,
                // a full batch sent early): it is not the running item's until it fails again with its own writes alone.
                if (together && entry.Error is DbException or DbUpdateException) return new(null, Unattributed: true);
                return new(entry, false);
            }
            if (together)
            {
                try
                {
                    await batch!.FlushAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is DbException or DbUpdateException)
                {
                    await transaction.RollbackAsync();
                    return new(null, Unattributed: true);
                }
            }
            await transaction.CommitAsync();
            Interlocked.Add(ref _itemsCommitted, entries.Count);
            Interlocked.Increment(ref _batchesCommitted);
            _checkpointer?.Committed();
        }
        catch (Exception e)
        {
            foreach (var entry in entries) entry.Error ??= e; // beginning, committing or rolling back failed: nothing is committed
            try
            {
                await ResetAsync();
            }
            catch (Exception)
            {
                // The connection was already broken; the next batch opens a new one.
            }
        }
        return default;
    }

    /// <summary>
    /// Runs one item (again, if a neighbour failed before) and sends its writes if <paramref name="flush"/> is given;
    /// false when it threw, its error kept for its caller.
    /// </summary>
    private static async Task<bool> RunEntryAsync(Entry entry, GroupStep step, CommandBatch? flush)
    {
        try
        {
            entry.Error = null;
            await entry.RunAsync(step);
            if (flush is not null) await flush.FlushAsync(CancellationToken.None);
            return true;
        }
        catch (Exception e)
        {
            entry.Error = e;
            return false;
        }
    }

    private async Task<DbContext> OpenAsync()
    {
        if (_db is not null) return _db;
        _scope = scopes.CreateAsyncScope();
        var db = _scope.Value.ServiceProvider.RuntimeDb();
        await db.Database.OpenConnectionAsync(); // kept open: the prepared statements live on it
        if (!db.Database.IsSqlite()) return _db = db;
        await db.Database.ExecuteSqlRawAsync(WalCheckpointer.WriterPragma); // checkpoints run beside the writer, this is the backstop
        await db.Database.ExecuteSqlRawAsync(MemoryMapPragma);
        _checkpointer ??= new WalCheckpointer(db.Database.GetConnectionString()!, await SynchronousAsync(db), logger);
        _statements = new SqliteStatements((SqliteConnection)db.Database.GetDbConnection());
        return _db = db;
    }

    /// <summary>The connection's <c>synchronous</c> mode as the host set it (its checkpoints keep the same durability).</summary>
    private static async Task<string> SynchronousAsync(DbContext db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) switch
        {
            0 => "OFF", 1 => "NORMAL", 3 => "EXTRA", _ => "FULL",
        };
    }

    /// <summary>After a failed batch: a fresh connection next time, in case this one is in a bad state (closing it is best effort).</summary>
    private async Task ResetAsync()
    {
        var (statements, db, scope) = (_statements, _db, _scope);
        (_statements, _db, _scope) = (null, null, null);
        try
        {
            statements?.Dispose(); // finalized before their connection closes
            if (db is not null) await db.Database.CloseConnectionAsync();
        }
        finally
        {
            if (scope is { } s) await s.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (Interlocked.CompareExchange(ref _leader, 1, 0) != 0) await Task.Delay(1); // wait for the running batch
        await ResetAsync(); // leadership is kept: nothing runs on a disposed writer
        if (_checkpointer is { } checkpointer) await checkpointer.DisposeAsync();
        while (_queue.TryDequeue(out var late))
        {
            late.Error = new ObjectDisposedException(nameof(GroupCommit));
            late.Complete();
        }
    }

    /// <summary>For a service provider disposed synchronously (it refuses a singleton that is only asynchronously disposable).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private abstract class Entry
    {
        public Exception? Error { get; set; }
        public (string Name, string? CorrelationId)? Reads { get; init; }
        public abstract bool IsDone { get; }
        public abstract Task RunAsync(GroupStep step);
        public abstract void Complete();
    }

    private sealed class Entry<T>(Func<GroupStep, Task<T>> work) : Entry
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;
        public override bool IsDone => _done.Task.IsCompleted;
        public override async Task RunAsync(GroupStep step) => _result = await work(step);

        public override void Complete()
        {
            if (Error is not null) _done.TrySetException(Error);
            else _done.TrySetResult(_result!);
        }
    }
}

/// <summary>
/// What a work item of a <see cref="GroupCommit"/> runs with: the writer's context, its open transaction, where its
/// writes go (the batch's <see cref="CommandBatch"/>, or SQLite's prepared statements), on SQLite those statements for
/// reads, the transaction's number on this writer (Npgsql reuses one transaction object per connection) and, on
/// PostgreSQL and SQL Server, the targets of the batch's stimuli read together at its start (null: each item reads its own).
/// </summary>
internal sealed record GroupStep(DbContext Db, DbTransaction Transaction, IStepStatements Statements, SqliteStatements? Sqlite, long Number,
    Dictionary<(string Name, string? CorrelationId), List<(Instances.WorkflowInstance Instance, List<Instances.WorkflowBookmark> Bookmarks)>>? Targets = null);

/// <summary>The providers the group-commit writer knows.</summary>
internal enum GroupProvider { None, Sqlite, PostgreSql, SqlServer }
