using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Workflow.Runtime.Instances;

/// <summary>One line of an instance's append-only execution journal (kept apart from the instance row; pruned after the retention period).</summary>
public sealed class WorkflowJournalEntry
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActivityId { get; set; }
    public string? ActivityType { get; set; }

    /// <summary>What happened: Started, Executed, Completed, Suspended, Resumed, Faulted, Finished, Cancelled, Retried, Note.</summary>
    public string Event { get; set; } = "";

    /// <summary>Outcomes, bookmark names or a message.</summary>
    public string? Detail { get; set; }
}

/// <summary>Maps <see cref="WorkflowJournalEntry"/>: no foreign key, so the journal outlives or is pruned apart from instances.</summary>
public sealed class WorkflowJournalEntryConfiguration : IEntityTypeConfiguration<WorkflowJournalEntry>
{
    public void Configure(EntityTypeBuilder<WorkflowJournalEntry> b)
    {
        b.ToTable("WorkflowJournal");
        b.Property(x => x.ActivityId).HasMaxLength(200);
        b.Property(x => x.ActivityType).HasMaxLength(200);
        b.Property(x => x.Event).HasMaxLength(20);
        b.Property(x => x.Detail).HasMaxLength(2000);
        b.HasIndex(x => new { x.InstanceId, x.Id });
        b.HasIndex(x => x.At);
    }
}
