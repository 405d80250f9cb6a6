using System.Reflection;
using CallManager.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Runtime.Storage;

/// <summary>
/// The runtime's storage contract: it keeps its rows through an EF Core context that the host names, which maps the
/// runtime's entities (<see cref="ApplyRuntimeModel"/>) and bumps their versions on save (<see cref="BumpVersions"/>).
/// The application's own context does both, so the runtime's tables share its database, its migrations and its
/// transactions (a workflow start recorded by <see cref="Outbox.WorkflowOutbox"/> commits with the domain change);
/// <see cref="RuntimeDbContext"/> does both alone, for the runtime without the application.
/// </summary>
public static class RuntimeStorage
{
    /// <summary>The service key of the context the runtime uses (<c>[FromKeyedServices(RuntimeStorage.Key)] DbContext db</c>).</summary>
    public const string Key = "CallManager.Runtime";

    /// <summary>Names <typeparamref name="TContext"/> (registered in the container) as the context holding the runtime's tables.</summary>
    public static IServiceCollection AddRuntimeStorage<TContext>(this IServiceCollection services) where TContext : DbContext =>
        services.AddKeyedScoped<DbContext>(Key, (sp, _) => sp.GetRequiredService<TContext>());

    /// <summary>The scope's context holding the runtime's tables.</summary>
    public static DbContext RuntimeDb(this IServiceProvider services) => services.GetRequiredKeyedService<DbContext>(Key);

    /// <summary>The runtime's assembly, whose <see cref="IEntityTypeConfiguration{TEntity}"/> classes map its tables.</summary>
    public static Assembly ModelAssembly => typeof(RuntimeStorage).Assembly;

    /// <summary>Maps the runtime's entities: their configurations, and each version column as an optimistic concurrency token.</summary>
    public static ModelBuilder ApplyRuntimeModel(this ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(ModelAssembly);
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.ClrType.Assembly == ModelAssembly && typeof(IVersioned).IsAssignableFrom(e.ClrType)))
            modelBuilder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        return modelBuilder;
    }

    /// <summary>Before a save: every modified versioned row gets the next version (a stale copy then fails to save).</summary>
    public static void BumpVersions(ChangeTracker changes)
    {
        foreach (var entry in changes.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
                entry.Entity.Version++;
        }
    }
}
