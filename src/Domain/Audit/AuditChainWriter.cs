using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Audit;

/// <summary>
/// The one chain writer of a host on PostgreSQL and SQL Server. A save commits its audit entries unlinked
/// (<see cref="AuditPendingBatch"/>) with its change, without the chain's lock, then waits here: one pass at a time takes
/// the lock, reads the chain's end and every pending batch, links them in order, inserts them and deletes the batches,
/// in one short transaction for all the saves that queued meanwhile (group commit). Under a deadline rush the lock is
/// held once per batch of submissions instead of once per submission, and no submission holds a connection while it waits.
/// Hosts sharing a database queue for the same lock; a pass finds what the others left (a crash, a failed pass).
/// SQLite links inside each save, where the database's write lock already serialises writers.
/// </summary>
public sealed class AuditChainWriter(IServiceScopeFactory scopes, DatabaseOptions database, AuditChainKey key, ILogger<AuditChainWriter> logger)
{
    private static readonly Meter Meter = new("CallManager.Audit");
    private static readonly Counter<long> FailedPasses = Meter.CreateCounter<long>("callmanager.audit.chain_link_failures");
    private static readonly Counter<long> LinkedEntries = Meter.CreateCounter<long>("callmanager.audit.chain_linked_entries");
    private static readonly Counter<long> LinkTransactions = Meter.CreateCounter<long>("callmanager.audit.chain_link_transactions");

    private readonly Lock _gate = new();
    private TaskCompletionSource<bool>? _next;
    private bool _running;

    /// <summary>The last failed pass's error and when it happened (null after a pass that worked).</summary>
    public (DateTimeOffset At, string Error)? LastFailure { get; private set; }

    /// <summary>Whether this provider links through the writer (PostgreSQL, SQL Server).</summary>
    public bool Enabled => database.Provider != DatabaseProvider.Sqlite;

    /// <summary>
    /// Runs a pass that starts after this call (so it sees every batch committed before it) and returns once it ended:
    /// true when it linked everything it found, false when it failed (logged and counted; the next pass retries).
    /// </summary>
    public Task<bool> LinkAsync()
    {
        if (!Enabled) return Task.FromResult(true);
        lock (_gate)
        {
            _next ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = _next.Task;
            if (!_running)
            {
                _running = true;
                _ = Task.Run(RunAsync);
            }
            return task;
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            TaskCompletionSource<bool> waiting;
            lock (_gate)
            {
                if (_next is null)
                {
                    _running = false;
                    return;
                }
                waiting = _next;
                _next = null;
            }
            waiting.SetResult(await PassAsync());
        }
    }

    private async Task<bool> PassAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await LinkPendingAsync(scope.ServiceProvider.GetRequiredService<CallManagerDbContext>(), key, CancellationToken.None);
            LastFailure = null;
            return true;
        }
        catch (Exception e)
        {
            FailedPasses.Add(1);
            LastFailure = (DateTimeOffset.UtcNow, e.Message);
            logger.LogWarning(e, "Linking the audit chain failed; the entries stay pending and the next pass links them");
            return false;
        }
    }

    /// <summary>Rows of <c>AuditPending</c> linked per transaction (SQL Server: its 2,100 parameters per command bound the inserts).</summary>
    private const int BatchRows = 500;

    /// <summary>
    /// Links every pending batch on <paramref name="db"/> (which must have no transaction of its own), a few hundred per
    /// transaction under the chain's lock; returns the number of entries linked. Nothing to do on SQLite.
    /// </summary>
    public static async Task<int> LinkPendingAsync(CallManagerDbContext db, AuditChainKey key, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Sqlite) return 0;
        var total = 0;
        while (true)
        {
            var (entries, more) = await db.Database.CreateExecutionStrategy().ExecuteAsync(token => PassAsync(db, key, token), ct);
            total += entries;
            if (!more) return total;
        }
    }

    /// <summary>One transaction: lock, chain end and pending batches in one round trip; the linked entries inserted and the batches deleted in a second; commit.</summary>
    private static async Task<(int Entries, bool More)> PassAsync(CallManagerDbContext db, AuditChainKey key, CancellationToken ct)
    {
        var postgres = db.Provider == DatabaseProvider.PostgreSql;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        AuditEntry? last = null;
        var batches = new List<long>();
        var entries = new List<AuditEntry>();
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction.GetDbTransaction();
            Parameter(read, "@name", CallManagerDbContext.AuditChainLock);
            Parameter(read, "@rows", BatchRows);
            // READPAST: a batch still being inserted by an uncommitted save is skipped, not waited for (its own save links it).
            read.CommandText = ReadSql(postgres);
            await using var reader = await read.ExecuteReaderAsync(ct);
            if (postgres) await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct)) last = new AuditEntry { Sequence = reader.GetInt64(0), Hash = reader.GetString(1) };
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                batches.Add(reader.GetInt64(0));
                entries.AddRange(new AuditPendingBatch { Entries = reader.GetString(1) }.ToEntries(key));
            }
        }
        if (batches.Count == 0) return (0, false);
        AuditLog.Rechain(entries, last);
        foreach (var command in WriteCommands(connection, transaction.GetDbTransaction(), postgres, entries, batches))
            await using (command)
                await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        LinkTransactions.Add(1);
        LinkedEntries.Add(entries.Count);
        return (entries.Count, batches.Count == BatchRows);
    }

    /// <summary>The pass's first command: the chain's lock, the chain's end and the oldest pending batches (parameters @name and @rows).</summary>
    public static string ReadSql(bool postgres) => postgres
        ? "SELECT pg_advisory_xact_lock(hashtextextended(@name, 0)); " +
          "SELECT \"Sequence\", \"Hash\" FROM \"AuditLog\" ORDER BY \"Sequence\" DESC LIMIT 1; " +
          "SELECT \"Id\", \"Entries\" FROM \"AuditPending\" ORDER BY \"Id\" LIMIT @rows;"
        : TransactionLock.SqlServerSql.Replace("{0}", "@name") +
          " SELECT TOP 1 [Sequence], [Hash] FROM [AuditLog] ORDER BY [Sequence] DESC;" +
          " SELECT TOP (@rows) [Id], [Entries] FROM [AuditPending] WITH (READPAST) ORDER BY [Id];";

    /// <summary>
    /// PostgreSQL: one command (the entries as arrays, unnested); SQL Server: rows of VALUES, 150 entries per command.
    /// Public for the test that checks the SQL Server text (no server runs here).
    /// </summary>
    public static IEnumerable<DbCommand> WriteCommands(DbConnection connection, DbTransaction transaction, bool postgres, List<AuditEntry> entries, List<long> batches)
    {
        const string columns = "\"Sequence\", \"At\", \"Actor\", \"EntityType\", \"EntityId\", \"CallId\", \"Action\", \"Before\", \"After\", \"PreviousHash\", \"Hash\", \"LinkScheme\"";
        if (postgres)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            Parameter(command, "@s", entries.Select(e => e.Sequence).ToArray());
            Parameter(command, "@at", entries.Select(e => e.At).ToArray());
            Parameter(command, "@actor", entries.Select(e => e.Actor).ToArray());
            Parameter(command, "@type", entries.Select(e => e.EntityType).ToArray());
            Parameter(command, "@entity", entries.Select(e => e.EntityId).ToArray());
            Parameter(command, "@call", entries.Select(e => e.CallId).ToArray());
            Parameter(command, "@action", entries.Select(e => e.Action).ToArray());
            Parameter(command, "@before", entries.Select(e => e.Before).ToArray());
            Parameter(command, "@after", entries.Select(e => e.After).ToArray());
            Parameter(command, "@previous", entries.Select(e => e.PreviousHash).ToArray());
            Parameter(command, "@hash", entries.Select(e => e.Hash).ToArray());
            Parameter(command, "@scheme", entries.Select(e => (int)e.LinkScheme).ToArray());
            Parameter(command, "@batches", batches.ToArray());
            command.CommandText = $"INSERT INTO \"AuditLog\" ({columns}) SELECT * FROM unnest(@s, @at, @actor, @type, @entity, @call, @action, @before, @after, @previous, @hash, @scheme); " +
                                  "DELETE FROM \"AuditPending\" WHERE \"Id\" = ANY(@batches);";
            yield return command;
            yield break;
        }
        foreach (var chunk in entries.Chunk(150))
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO [AuditLog] ([Sequence], [At], [Actor], [EntityType], [EntityId], [CallId], [Action], [Before], [After], [PreviousHash], [Hash], [LinkScheme]) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                var e = chunk[i];
                sql.Append(i == 0 ? "(" : ", (");
                sql.AppendJoin(", ", new object?[] { e.Sequence, e.At, e.Actor, e.EntityType, e.EntityId, e.CallId, e.Action, e.Before, e.After, e.PreviousHash, e.Hash, (int)e.LinkScheme }
                    .Select((value, column) => Parameter(command, $"@p{i}_{column}", value)));
                sql.Append(')');
            }
            command.CommandText = sql.ToString();
            yield return command;
        }
        foreach (var chunk in batches.Chunk(1000))
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM [AuditPending] WHERE [Id] IN ({string.Join(", ", chunk.Select((id, i) => Parameter(command, $"@b{i}", id)))})";
            yield return command;
        }
    }

    private static string Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return name;
    }
}

/// <summary>
/// After a save that committed unlinked audit entries (<see cref="AuditPendingBatch"/>), waits for the chain writer to link
/// them, so the request that made the change reads its entries in the chain as before. A save whose context keeps its
/// connection open (it would hold one connection while the writer waits for another) only asks for a pass.
/// </summary>
public sealed class AuditChainInterceptor(AuditChainWriter writer) : SaveChangesInterceptor
{
    private static readonly object Marker = new();
    private readonly ConditionalWeakTable<DbContext, object> _saving = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            // An added batch needs no change detection to be seen (the save has just run one).
            if (context.ChangeTracker.WithoutDetecting(() => context.ChangeTracker.Entries<AuditPendingBatch>().Any(e => e.State == EntityState.Added)))
                _saving.AddOrUpdate(context, Marker);
            else _saving.Remove(context);
        }
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } context || !_saving.Remove(context)) return result;
        var linked = writer.LinkAsync();
        if (context.Database.GetDbConnection().State != System.Data.ConnectionState.Closed) return result;
        try
        {
            await linked.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the change is committed: a cancelled request only stops waiting for its entries' links (a failed pass was logged and is retried)
        }
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null) _saving.Remove(eventData.Context);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Links at start-up what a crash left pending, then every <c>Audit:ChainWriterPollInterval</c> whatever no save's own pass
/// linked (a failed pass, another host's crash).
/// </summary>
public sealed class AuditChainWriterService(AuditChainWriter writer, IOptions<AuditOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!writer.Enabled) return;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await writer.LinkAsync();
                await Task.Delay(options.Value.ChainWriterPollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
