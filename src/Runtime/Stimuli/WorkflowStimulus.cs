using CallManager.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Runtime.Stimuli;

/// <summary>
/// A received stimulus: kept for its idempotency key (unique) and, while <see cref="DeliveredAt"/> is null, in
/// the inbox waiting for a matching bookmark. Delivering it bumps <see cref="Version"/>, so two hosts cannot both deliver it.
/// </summary>
public sealed class WorkflowStimulus : IVersioned
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string? CorrelationId { get; set; }
    public Guid? InstanceId { get; set; }
    public string? PayloadJson { get; set; }
    public string? IdempotencyKey { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public long Version { get; set; }
}

/// <summary>Maps <see cref="WorkflowStimulus"/>: unique idempotency key, inbox lookup by (name, correlation id).</summary>
public sealed class WorkflowStimulusConfiguration : IEntityTypeConfiguration<WorkflowStimulus>
{
    public void Configure(EntityTypeBuilder<WorkflowStimulus> b)
    {
        b.ToTable("WorkflowStimuli");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.CorrelationId).HasMaxLength(200);
        b.Property(x => x.IdempotencyKey).HasMaxLength(200);
        b.HasIndex(x => x.IdempotencyKey).IsUnique();
        b.HasIndex(x => new { x.Name, x.CorrelationId, x.DeliveredAt });
    }
}
