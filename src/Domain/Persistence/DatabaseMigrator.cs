using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CallManager.Domain.Persistence;

/// <summary>Prepares the database: creates the SQLite folder, switches SQLite to WAL, applies pending migrations.</summary>
public sealed class DatabaseMigrator(CallManagerDbContext db, DatabaseOptions options, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Applies every pending migration of the configured provider; safe to call on every start.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(null, cancellationToken);

    /// <summary>
    /// Applies every pending migration, then runs <paramref name="thenExclusively"/> (start-up seeding), both while holding the
    /// database-wide <see cref="MigrationLock"/>: hosts starting together take turns instead of racing on the same rows.
    /// </summary>
    public async Task MigrateAsync(Func<CancellationToken, Task>? thenExclusively, CancellationToken cancellationToken)
    {
        PrepareSqliteFile(options);
        await using var exclusive = await MigrationLock.AcquireAsync(options, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            logger.LogInformation("Applying {Count} migration(s) on {Provider}: {Names}", pending.Count, options.Provider, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
        if (thenExclusively is not null) await thenExclusively(cancellationToken);
    }

    /// <summary>Creates the folder of the SQLite file and turns on WAL (a property of the file, kept once set).</summary>
    public static void PrepareSqliteFile(DatabaseOptions options)
    {
        var path = options.SqliteFilePath();
        if (path is null || path == ":memory:") return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        using var connection = new SqliteConnection(options.EffectiveConnectionString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
