using System.Text.Json;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Audit;

/// <summary>
/// The audit entries of one committed save on PostgreSQL or SQL Server, not yet linked into the chain: they are written
/// with the change, without the chain's lock, and <see cref="AuditChainWriter"/> links them (in the order of
/// <see cref="Id"/>, then their order in the save) right after the commit, many saves per transaction.
/// </summary>
public class AuditPendingBatch
{
    public long Id { get; set; }

    /// <summary>The entries' fields as a JSON array of <see cref="AuditDraft"/>, oldest first.</summary>
    public string Entries { get; set; } = "[]";

    /// <summary>The drafts of <paramref name="entries"/> (their links are computed when the batch is linked).</summary>
    public static AuditPendingBatch From(IEnumerable<AuditEntry> entries) => new()
    {
        Entries = JsonSerializer.Serialize(entries.Select(e => new AuditDraft(e.At, e.Actor, e.EntityType, e.EntityId, e.CallId, e.Action, e.Before, e.After)).ToList(),
            JsonColumn.Options),
    };

    /// <summary>The entries to link, keyed with <paramref name="key"/>; sequence and hashes are set by <see cref="AuditLog.Rechain"/>.</summary>
    public IEnumerable<AuditEntry> ToEntries(AuditChainKey key) =>
        (JsonSerializer.Deserialize<List<AuditDraft>>(Entries, JsonColumn.Options) ?? []).Select(d => new AuditEntry
        {
            At = d.At, Actor = d.Actor, EntityType = d.EntityType, EntityId = d.EntityId, CallId = d.CallId, Action = d.Action,
            Before = d.Before, After = d.After, LinkScheme = AuditLinkScheme.HmacSha256, LinkKey = key,
        });
}

/// <summary>An audit entry's own fields, before it has a place in the chain.</summary>
public sealed record AuditDraft(DateTimeOffset At, string Actor, string EntityType, string EntityId, Guid? CallId, string Action, string? Before, string? After);

/// <summary>Table <c>AuditPending</c>: empty but for the instants between a commit and its linking (or a crash in between).</summary>
public sealed class AuditPendingBatchConfiguration : IEntityTypeConfiguration<AuditPendingBatch>
{
    public void Configure(EntityTypeBuilder<AuditPendingBatch> b)
    {
        b.ToTable("AuditPending");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedOnAdd();
    }
}
