using CallManager.Domain.Persistence;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Testing;

/// <summary>A fresh, migrated database for one test: a SQLite file in a temporary folder or a new PostgreSQL database.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string? _folder;

    /// <summary>The options to hand to the code under test.</summary>
    public DatabaseOptions Options { get; }

    private TestDatabase(DatabaseOptions options, string? folder)
    {
        Options = options;
        _folder = folder;
    }

    /// <summary>Creates an empty database on <paramref name="provider"/>; call <see cref="MigrateAsync"/> to apply migrations.</summary>
    public static TestDatabase Create(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => CreateSqlite(),
        DatabaseProvider.PostgreSql => new TestDatabase(new DatabaseOptions
        {
            Provider = DatabaseProvider.PostgreSql,
            ConnectionString = PostgresServer.Instance.CreateDatabase(),
        }, null),
        _ => throw new NotSupportedException($"{provider} cannot run on this machine."),
    };

    /// <summary>Creates and migrates a database on <paramref name="provider"/>.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider)
    {
        var database = Create(provider);
        await database.MigrateAsync();
        return database;
    }

    /// <summary>
    /// Creates a database holding the workflow runtime's tables only (<see cref="RuntimeDbContext"/>'s schema: no accounts,
    /// no audit, no stage); <see cref="RuntimeOnly"/> then tells test hosts to run the runtime alone on it.
    /// </summary>
    public static async Task<TestDatabase> CreateRuntimeOnlyAsync(DatabaseProvider provider)
    {
        var database = Create(provider);
        database.RuntimeOnly = true;
        DatabaseMigrator.PrepareSqliteFile(database.Options);
        await using var db = database.NewRuntimeContext();
        await db.Database.EnsureCreatedAsync();
        return database;
    }

    /// <summary>True when the database holds the runtime's tables only (<see cref="CreateRuntimeOnlyAsync"/>).</summary>
    public bool RuntimeOnly { get; private set; }

    /// <summary>A new runtime-only context on this database (the caller disposes it).</summary>
    public RuntimeDbContext NewRuntimeContext() => new(RuntimeContextOptions(Options));

    /// <summary>The options of a <see cref="RuntimeDbContext"/> on <paramref name="options"/>' database, configured as the application's context.</summary>
    public static DbContextOptions<RuntimeDbContext> RuntimeContextOptions(DatabaseOptions options)
    {
        var builder = new DbContextOptionsBuilder<RuntimeDbContext>();
        DbContextOptionsFactory.Configure(builder, options);
        return builder.Options;
    }

    private static TestDatabase CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestDatabase(new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(folder, "callmanager.db")}",
            SqliteSynchronous = "NORMAL",
        }, folder);
    }

    /// <summary>A new context on this database (the caller disposes it).</summary>
    public CallManagerDbContext NewContext() => DbContextOptionsFactory.Create(Options);

    /// <summary>Applies every migration, as the web host does at start-up.</summary>
    public async Task MigrateAsync()
    {
        DatabaseMigrator.PrepareSqliteFile(Options);
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_folder is not null)
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
