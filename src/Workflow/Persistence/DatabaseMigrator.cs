using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CallManager.Workflow.Persistence;

/// <summary>Prepares the database: creates the SQLite folder, switches SQLite to WAL, applies pending migrations.</summary>
public sealed class DatabaseMigrator(CallManagerDbContext db, DatabaseOptions options, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Applies every pending migration of the configured provider; safe to call on every start.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        PrepareSqliteFile(options);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            logger.LogInformation("Applying {Count} migration(s) on {Provider}: {Names}", pending.Count, options.Provider, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
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
