using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Runtime.Instances;

/// <summary>A fault of an activity: which one, the message, when; resolved by a retry or a cancel.</summary>
public sealed class WorkflowIncident
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string Message { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>"Retried" or "Cancelled" once resolved.</summary>
    public string? Resolution { get; set; }
}

/// <summary>Maps <see cref="WorkflowIncident"/>.</summary>
public sealed class WorkflowIncidentConfiguration : IEntityTypeConfiguration<WorkflowIncident>
{
    public void Configure(EntityTypeBuilder<WorkflowIncident> b)
    {
        b.ToTable("WorkflowIncidents");
        b.Property(x => x.ActivityId).HasMaxLength(200);
        b.Property(x => x.ActivityType).HasMaxLength(200);
        b.Property(x => x.Message).HasMaxLength(4000);
        b.Property(x => x.Resolution).HasMaxLength(20);
        b.HasIndex(x => x.InstanceId);
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
