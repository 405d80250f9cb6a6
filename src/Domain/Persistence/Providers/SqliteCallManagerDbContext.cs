using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Persistence.Providers;

/// <summary>The model on SQLite (the embedded default); owns the migrations under Migrations/Sqlite.</summary>
public sealed class SqliteCallManagerDbContext(DbContextOptions<SqliteCallManagerDbContext> options) : CallManagerDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        // SQLite compares decimals as text: store money as REAL-free integer cents is the stages' job; here keep exact text.
    }
}
