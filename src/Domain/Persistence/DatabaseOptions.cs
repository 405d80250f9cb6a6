namespace CallManager.Domain.Persistence;

/// <summary>Configuration section <c>Database</c> plus <c>ConnectionStrings:CallManager</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The default SQLite file, relative to the working directory.</summary>
    public const string DefaultSqlitePath = "data/callmanager.db";

    /// <summary>Which engine to use; SQLite when not configured.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The connection string; for SQLite it defaults to <see cref="DefaultSqlitePath"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite <c>PRAGMA synchronous</c>: FULL survives a power cut, NORMAL (with WAL) survives a process kill.</summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>The connection string to use, with the SQLite defaults (foreign keys, busy timeout) applied.</summary>
    public string EffectiveConnectionString()
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            var given = ConnectionString ?? throw new InvalidOperationException(
                $"Database:Provider is {Provider} but ConnectionStrings:CallManager is empty. Give a connection string.");
            return Provider == DatabaseProvider.PostgreSql ? WithAutoPrepare(given) : given;
        }
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(ConnectionString) ? $"Data Source={DefaultSqlitePath}" : ConnectionString)
        {
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        };
        return builder.ToString();
    }

    /// <summary>
    /// PostgreSQL: the statements run again and again (each request runs the same few dozen) are prepared on each pooled
    /// connection after their second use, so the server parses and plans them once (measured in docs/benchmarks.md), unless
    /// the connection string says otherwise (<c>Max Auto Prepare=0</c> behind a pooler in transaction mode).
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        if (connectionString.Replace(" ", "").Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase)) return connectionString;
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxAutoPrepare = 100;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    /// <summary>For SQLite, the database file path (its folder is created at start-up).</summary>
    public string? SqliteFilePath() => Provider == DatabaseProvider.Sqlite
        ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(EffectiveConnectionString()).DataSource
        : null;
}
