using CallManager.Domain.Persistence;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;

namespace CallManager.Domain.Hosting;

/// <summary>Hangfire storage matching the database provider: the jobs live beside the data they drive.</summary>
public static class HangfireStorageFactory
{
    /// <summary>The storage for <paramref name="database"/>; SQLite keeps jobs in a sibling file <c>hangfire.db</c>.</summary>
    public static JobStorage Create(DatabaseOptions database, JobsOptions jobs) => database.Provider switch
    {
        DatabaseProvider.Sqlite => new SQLiteStorage(SqliteJobsPath(database), new SQLiteStorageOptions
        {
            QueuePollInterval = TimeSpan.FromMilliseconds(500),
        }),
        DatabaseProvider.PostgreSql => new PostgreSqlStorage(
            new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(database.EffectiveConnectionString(), new PostgreSqlStorageOptions()),
            new PostgreSqlStorageOptions { SchemaName = "hangfire", QueuePollInterval = TimeSpan.FromMilliseconds(500), PrepareSchemaIfNecessary = true }),
        DatabaseProvider.SqlServer => new SqlServerStorage(database.EffectiveConnectionString(), new SqlServerStorageOptions
        {
            SchemaName = "hangfire", QueuePollInterval = TimeSpan.Zero, PrepareSchemaIfNecessary = true,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(database)),
    };

    /// <summary>The Hangfire file beside the SQLite database file.</summary>
    public static string SqliteJobsPath(DatabaseOptions database)
    {
        var dbPath = Path.GetFullPath(database.SqliteFilePath() ?? DatabaseOptions.DefaultSqlitePath);
        var folder = Path.GetDirectoryName(dbPath)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(dbPath) + ".hangfire.db");
    }
}
