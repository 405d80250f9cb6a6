using CallManager.Domain.Persistence.Providers;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Persistence;

/// <summary>Builds the provider-specific context from <see cref="DatabaseOptions"/>; one place for provider choice.</summary>
public static class DbContextOptionsFactory
{
    /// <summary>Configures <paramref name="builder"/> for the chosen provider.</summary>
    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        var cs = options.EffectiveConnectionString();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(cs, o => o.MigrationsAssembly(typeof(CallManagerDbContext).Assembly.FullName))
                       .AddInterceptors(new SqlitePragmaInterceptor(options.SqliteSynchronous), SqliteWriteGate.For(cs));
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(cs, o => o.EnableRetryOnFailure(3));
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(cs, o => o.EnableRetryOnFailure(3));
                break;
        }
    }

    /// <summary>The context class that owns the chosen provider's migrations.</summary>
    public static Type ContextType(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => typeof(SqliteCallManagerDbContext),
        DatabaseProvider.PostgreSql => typeof(PostgreSqlCallManagerDbContext),
        DatabaseProvider.SqlServer => typeof(SqlServerCallManagerDbContext),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>Creates a context outside dependency injection (commands, tests, benchmarks).</summary>
    public static CallManagerDbContext Create(DatabaseOptions options) => options.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteCallManagerDbContext(Build<SqliteCallManagerDbContext>(options)),
        DatabaseProvider.PostgreSql => new PostgreSqlCallManagerDbContext(Build<PostgreSqlCallManagerDbContext>(options)),
        DatabaseProvider.SqlServer => new SqlServerCallManagerDbContext(Build<SqlServerCallManagerDbContext>(options)),
        _ => throw new ArgumentOutOfRangeException(nameof(options)),
    };

    private static DbContextOptions<T> Build<T>(DatabaseOptions options) where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        Configure(builder, options);
        return builder.Options;
    }
}
