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
    /// Saves. A save that appends to the audit chain holds the chain's lock (<see cref="TransactionLock"/>) from the moment
    /// it reads the chain's end until its transaction ends: the pending entries are linked after the end it reads there,
    /// so requests appending at the same moment, on one host or several, queue for the lock instead of colliding on a
    /// sequence number. Without a caller's transaction, the save runs in its own, retried by the provider's execution
    /// strategy on a transient failure.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        if (!ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added))
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is not null)
        {
            await LinkPendingAuditAsync(cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        return await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await Database.BeginTransactionAsync(ct);
            await LinkPendingAuditAsync(ct);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await transaction.CommitAsync(ct);
            if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
            return saved;
        }, cancellationToken);
    }

    /// <summary>The audit chain's lock name.</summary>
    public const string AuditChainLock = "audit-chain";

    /// <summary>Takes the chain's lock, then re-links the pending audit entries (oldest first) after the chain's end.</summary>
    private async Task LinkPendingAuditAsync(CancellationToken ct)
    {
        await TransactionLock.TakeAsync(this, AuditChainLock, ct);
        var pending = ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity).OrderBy(e => e.Sequence).ToList();
        var last = await Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        if (pending[0].Sequence == (last?.Sequence ?? 0) + 1 && pending[0].PreviousHash == (last?.Hash ?? AuditLog.Genesis)) return;
        foreach (var entry in pending) Entry(entry).State = EntityState.Detached; // the sequence is the key: re-add under the new one
        AuditLog.Rechain(pending, last);
        AddRange(pending);
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
