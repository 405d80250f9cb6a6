using CallManager.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Runtime.Outbox;

/// <summary>
/// A workflow start (<see cref="DefinitionId"/>) or stimulus (<see cref="StimulusName"/>) owed because of a change, saved in
/// that change's transaction and delivered after it by <see cref="WorkflowOutbox"/> or, failing that, by
/// <see cref="WorkflowOutboxDispatcher"/>, which retries and survives restarts. Delivery is idempotent: a start is one per
/// correlation id, a stimulus carries its idempotency key.
/// </summary>
public sealed class WorkflowOutboxItem : IVersioned
{
    public Guid Id { get; set; }

    /// <summary>The definition to start (one instance per <see cref="CorrelationId"/>); null for a stimulus.</summary>
    public string? DefinitionId { get; set; }

    /// <summary>The stimulus to deliver; null for a start.</summary>
    public string? StimulusName { get; set; }

    public string? CorrelationId { get; set; }

    /// <summary>The start's input or the stimulus's payload (JSON).</summary>
    public string? PayloadJson { get; set; }

    /// <summary>The stimulus's idempotency key (a redelivery is then a no-op).</summary>
    public string? IdempotencyKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the dispatcher may try (again); moved on by a claim (the lease) and by a failure (the back-off).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Failed deliveries so far.</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public long Version { get; set; }
}

/// <summary>Maps <see cref="WorkflowOutboxItem"/> to table <c>WorkflowOutbox</c>, looked up by (delivered, next attempt).</summary>
public sealed class WorkflowOutboxItemConfiguration : IEntityTypeConfiguration<WorkflowOutboxItem>
{
    public void Configure(EntityTypeBuilder<WorkflowOutboxItem> b)
    {
        b.ToTable("WorkflowOutbox");
        b.Property(x => x.DefinitionId).HasMaxLength(200);
        b.Property(x => x.StimulusName).HasMaxLength(200);
        b.Property(x => x.CorrelationId).HasMaxLength(200);
        b.Property(x => x.IdempotencyKey).HasMaxLength(200);
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.HasIndex(x => new { x.DeliveredAt, x.NextAttemptAt });
    }
}
