using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace CallManager.Domain.Persistence;

/// <summary>
/// A database-wide lock held while one host migrates, so hosts starting together apply each migration once: EF Core's own
/// lock on PostgreSQL is scoped to one migration's transaction, and a second host could replay a later migration.
/// PostgreSQL: a session advisory lock; SQL Server: a session application lock; SQLite: none (one host, EF's lock table).
/// </summary>
public sealed class MigrationLock : IAsyncDisposable
{
    private const long PostgresKey = 0x43_61_6C_6C_4D_67_72; // "CallMgr"
    private const string SqlServerResource = "CallManager.Migrations";
    private readonly DbConnection? _connection;

    private MigrationLock(DbConnection? connection) => _connection = connection;

    /// <summary>Waits until no other host migrates the database, then holds the lock until disposed.</summary>
    public static async Task<MigrationLock> AcquireAsync(DatabaseOptions options, CancellationToken cancellationToken)
    {
        DbConnection? connection = options.Provider switch
        {
            DatabaseProvider.PostgreSql => new NpgsqlConnection(options.EffectiveConnectionString()),
            DatabaseProvider.SqlServer => new SqlConnection(options.EffectiveConnectionString()),
            _ => null,
        };
        if (connection is null) return new MigrationLock(null);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, options.Provider == DatabaseProvider.PostgreSql
            ? $"SELECT pg_advisory_lock({PostgresKey})"
            : $"EXEC sp_getapplock @Resource = '{SqlServerResource}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 600000", cancellationToken);
        return new MigrationLock(connection);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is null) return;
        try
        {
            await ExecuteAsync(_connection, _connection is NpgsqlConnection
                ? $"SELECT pg_advisory_unlock({PostgresKey})"
                : $"EXEC sp_releaseapplock @Resource = '{SqlServerResource}', @LockOwner = 'Session'", CancellationToken.None);
        }
        finally
        {
            await _connection.DisposeAsync(); // closing the session releases the lock in any case
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
