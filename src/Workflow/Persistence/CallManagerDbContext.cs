using CallManager.Workflow.Accounts;
using CallManager.Workflow.Audit;
using CallManager.Workflow.Common;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Persistence;

/// <summary>
/// The one EF Core model of CallManager. Each stage adds its entities through
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes in its own folder (picked up from this assembly),
/// so this class never changes when a stage grows. Each provider has a subclass that owns its migrations.
/// </summary>
public abstract class CallManagerDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core data-protection keys, shared by every web host on the database.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>Which engine this context talks to.</summary>
    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CallManagerDbContext).Assembly);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(IVersioned).IsAssignableFrom(entity.ClrType))
                modelBuilder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Saves; when another unit of work appended to the audit chain in the meantime (the sequence numbers collide), the
    /// pending audit entries are re-linked after the new end of the chain and the save is retried, so concurrent
    /// requests never fail on the audit log. EF Core rolls a failed save back to a savepoint inside a caller's transaction.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < MaxAuditRetries && HasPendingAudit())
            {
                if (!await RechainAuditAsync(cancellationToken)) throw;
            }
        }
    }

    private const int MaxAuditRetries = 8;

    private bool HasPendingAudit() => ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added);

    /// <summary>True when pending audit entries collided with entries saved meanwhile, after re-linking them.</summary>
    private async Task<bool> RechainAuditAsync(CancellationToken ct)
    {
        var pending = ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity).OrderBy(e => e.Sequence).ToList();
        if (pending.Count == 0) return false;
        var last = await Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        if (last is null || last.Sequence < pending[0].Sequence) return false;
        foreach (var entry in pending) Entry(entry).State = EntityState.Detached;
        AuditLog.Rechain(pending, last);
        AddRange(pending);
        return true;
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
                entry.Entity.Version++;
        }
    }
}
