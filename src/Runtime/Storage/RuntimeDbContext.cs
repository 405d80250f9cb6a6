using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CallManager.Runtime.Storage;

/// <summary>
/// A context holding the runtime's tables only (no accounts, no audit, no stage): for the runtime's tests and for a host
/// that runs workflows without the application. Its schema is created with <c>EnsureCreated</c>; the application's
/// context maps the same tables and owns their migrations.
/// </summary>
public class RuntimeDbContext(DbContextOptions<RuntimeDbContext> options) : DbContext(options)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ReplaceService<IModelCacheKeyFactory, PerProviderModelCacheKey>(); // one model per provider in a process

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // As the application's SQLite context: instants as UTC ticks, so that they compare and sort inside queries.
        if (Database.IsSqlite()) configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyRuntimeModel();
        if (Database.IsSqlServer()) SqlServerIndexFilters.Bracket(modelBuilder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RuntimeStorage.BumpVersions(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RuntimeStorage.BumpVersions(ChangeTracker);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Keys the model by provider as well as by type: SQLite converts instants, the server databases do not.</summary>
    private sealed class PerProviderModelCacheKey : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), context.Database.ProviderName, designTime);
    }
}
