using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Runtime.Storage;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CallManager.Domain.Persistence;

/// <summary>
/// The one EF Core model of CallManager. Each stage adds its entities through
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes in its own folder (picked up from this assembly),
/// so this class never changes when a stage grows; the workflow runtime's entities come from its own assembly, and the
/// runtime reads and writes them through this context (<see cref="RuntimeStorage"/>). Each provider has a subclass that owns its migrations.
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
        modelBuilder.ApplyRuntimeModel(); // the workflow runtime's tables: one database, one migration history
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(IVersioned).IsAssignableFrom(entity.ClrType))
                modelBuilder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Prepare();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Versions bumped and column limits checked on one pass of change detection: each <c>ChangeTracker.Entries()</c> call
    /// would run its own over every tracked entity (measured: seven per save, 15 % of a submission's CPU). EF Core's own
    /// save detects once more, which also picks up the bumped versions. Returns whether the save appends audit entries.
    /// </summary>
    private bool Prepare()
    {
        ChangeTracker.DetectChanges();
        return WithoutDetecting(() =>
        {
            BumpVersions();
            CheckColumnLimits();
            return ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added);
        });
    }

    private T WithoutDetecting<T>(Func<T> scan) => ChangeTracker.WithoutDetecting(scan);

    /// <summary>
    /// Saves. A save that appends to the audit chain holds the chain's lock (<see cref="TransactionLock"/>) from the moment
    /// it reads the chain's end until its transaction ends: the pending entries are linked after the end it reads there,
    /// so requests appending at the same moment, on one host or several, queue for the lock instead of colliding on a
    /// sequence number. Without a caller's transaction, the save runs in its own, retried by the provider's execution
    /// strategy on a transient failure. On a server database with a chain writer (every context from dependency injection)
    /// the entries are committed unlinked and linked after the commit, many saves per lock (<see cref="SaveUnlinkedAsync"/>);
    /// without one, the change is written before the lock is taken, so that it is held for three round trips only
    /// (<see cref="SaveThenChainAsync"/>).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!Prepare())
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is not null)
        {
            await LinkPendingAuditAsync(cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        if (Provider != DatabaseProvider.Sqlite)
            return StagesAudit && WithoutDetecting(() => ChangeTracker.Entries<AuditEntry>().All(e => e.State != EntityState.Added || e.Entity.LinkKey is not null))
                ? await SaveUnlinkedAsync(acceptAllChangesOnSuccess, cancellationToken)
                : await SaveThenChainAsync(acceptAllChangesOnSuccess, cancellationToken);
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

    private bool? _stagesAudit;

    /// <summary>Whether a chain writer links this context's entries after its saves (its interceptor joined the context's options).</summary>
    private bool StagesAudit => _stagesAudit ??= this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?
        .Any(i => i is AuditChainInterceptor) == true;

    /// <summary>
    /// PostgreSQL and SQL Server, with a chain writer: the change and its audit entries, unlinked (<see cref="AuditPendingBatch"/>),
    /// in one transaction that takes no lock; <see cref="AuditChainInterceptor"/> then waits for the writer to link them.
    /// </summary>
    private async Task<int> SaveUnlinkedAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var pending = WithoutDetecting(() => ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).OrderBy(e => e.Sequence).ToList());
        foreach (var entry in pending) Entry(entry).State = EntityState.Detached;
        var batch = AuditPendingBatch.From(pending);
        Add(batch);
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken) - 1 + pending.Count;
        }
        catch
        {
            foreach (var entry in pending) Add(entry); // as before the save: a caller may save again
            throw;
        }
        finally
        {
            Entry(batch).State = EntityState.Detached; // the writer deletes the row once it is linked
        }
    }

    /// <summary>The audit chain's lock name.</summary>
    public const string AuditChainLock = "audit-chain";

    /// <summary>
    /// PostgreSQL and SQL Server: in one transaction, the change without its audit entries, then the chain's lock and the
    /// chain's end read in one round trip, the entries linked after it and inserted, and the commit. Under a deadline rush
    /// every submission queues for this lock, each holding a pooled connection: what runs under it bounds the throughput.
    /// </summary>
    private async Task<int> SaveThenChainAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var pending = WithoutDetecting(() => ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).OrderBy(e => e.Sequence).ToList());
        foreach (var entry in pending) Entry(entry).State = EntityState.Detached;
        var savepoints = Database.AutoSavepointsEnabled;
        Database.AutoSavepointsEnabled = false; // our own transaction: a savepoint would only add two round trips
        try
        {
            var saved = await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                await using var transaction = await Database.BeginTransactionAsync(ct);
                var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                var last = await LockChainEndAsync(ct);
                // Entries already linked after the chain's end (nobody appended since they were drafted) keep their links.
                if (pending[0].Sequence != (last?.Sequence ?? 0) + 1 || pending[0].PreviousHash != (last?.Hash ?? AuditLog.Genesis))
                    AuditLog.Rechain(pending, last);
                foreach (var entry in pending) await InsertAuditAsync(entry, ct);
                await transaction.CommitAsync(ct);
                return count + pending.Count;
            }, cancellationToken);
            if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
            foreach (var entry in pending) Attach(entry);
            return saved;
        }
        catch
        {
            foreach (var entry in pending) Add(entry); // as before the save: a caller may save again
            throw;
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <summary>Takes the chain's lock and reads the chain's end (sequence and hash) in one command of two statements.</summary>
    private async Task<AuditEntry?> LockChainEndAsync(CancellationToken ct)
    {
        var command = Database.GetDbConnection().CreateCommand();
        await using (command)
        {
            command.Transaction = Database.CurrentTransaction!.GetDbTransaction();
            var name = command.CreateParameter();
            name.ParameterName = "@name";
            name.Value = AuditChainLock;
            command.Parameters.Add(name);
            command.CommandText = Provider == DatabaseProvider.PostgreSql
                ? "SELECT pg_advisory_xact_lock(hashtextextended(@name, 0)); SELECT \"Sequence\", \"Hash\" FROM \"AuditLog\" ORDER BY \"Sequence\" DESC LIMIT 1;"
                : TransactionLock.SqlServerSql.Replace("{0}", "@name") + " SELECT TOP 1 [Sequence], [Hash] FROM [AuditLog] ORDER BY [Sequence] DESC;";
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (Provider == DatabaseProvider.PostgreSql) await reader.NextResultAsync(ct);
            return await reader.ReadAsync(ct) ? new AuditEntry { Sequence = reader.GetInt64(0), Hash = reader.GetString(1) } : null;
        }
    }

    /// <summary>Inserts one linked audit entry (the change tracker no longer holds it); every mapped column of AuditEntry is listed.</summary>
    private Task<int> InsertAuditAsync(AuditEntry e, CancellationToken ct) => Database.ExecuteSqlAsync(
        $"INSERT INTO \"AuditLog\" (\"Sequence\", \"At\", \"Actor\", \"EntityType\", \"EntityId\", \"CallId\", \"Action\", \"Before\", \"After\", \"PreviousHash\", \"Hash\", \"LinkScheme\") VALUES ({e.Sequence}, {e.At}, {e.Actor}, {e.EntityType}, {e.EntityId}, {e.CallId}, {e.Action}, {e.Before}, {e.After}, {e.PreviousHash}, {e.Hash}, {(int)e.LinkScheme})", ct);

    /// <summary>Takes the chain's lock, then re-links the pending audit entries (oldest first) after the chain's end.</summary>
    private async Task LinkPendingAuditAsync(CancellationToken ct)
    {
        await TransactionLock.TakeAsync(this, AuditChainLock, ct);
        var pending = WithoutDetecting(() => ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity).OrderBy(e => e.Sequence).ToList());
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

    /// <summary>
    /// Refuses, as invalid input naming the field, a text longer than its column or a number too large for it: SQLite would
    /// store it whole and a server database would fail the save with an error that says nothing to the person who typed it.
    /// </summary>
    private void CheckColumnLimits()
    {
        var errors = new Dictionary<string, LocalizableText[]>();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            // Only what this save writes: a long value stored before the check must not block every later change of its row.
            foreach (var property in entry.Properties.Where(p => entry.State == EntityState.Added || p.IsModified))
            {
                var name = char.ToLowerInvariant(property.Metadata.Name[0]) + property.Metadata.Name[1..];
                if (property.CurrentValue is string text && property.Metadata.GetMaxLength() is { } max && text.Length > max)
                    errors[name] = [$"The {name} is longer than {max} characters: shorten it."];
                else if (property.CurrentValue is decimal number && property.Metadata.GetPrecision() is { } precision
                    && Math.Abs(number) >= Pow10(precision - (property.Metadata.GetScale() ?? 0)))
                    errors[name] = [$"The {name} is too large: it must stay below {Pow10(precision - (property.Metadata.GetScale() ?? 0))}."];
            }
        }
        if (errors.Count > 0) throw DomainException.Invalid(LocalizableText.Join(" ", errors.Values.SelectMany(e => e)), errors);
    }

    private static decimal Pow10(int digits) => digits >= 28 ? decimal.MaxValue : (decimal)Math.Pow(10, digits);
}
