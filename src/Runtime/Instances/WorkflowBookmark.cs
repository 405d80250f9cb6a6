using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Runtime.Instances;

/// <summary>A suspended activity waiting for a named stimulus or, with <see cref="DueAt"/>, for a timer job.</summary>
public sealed class WorkflowBookmark
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }

    /// <summary>The activity that resumes.</summary>
    public string ActivityId { get; set; } = "";

    /// <summary>The stimulus name ("Timer" for timers).</summary>
    public string Name { get; set; } = "";

    /// <summary>The instance's correlation id, copied here so stimuli find bookmarks with one indexed lookup.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>When a timer is due (UTC).</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The Hangfire job that fires the timer, once scheduled.</summary>
    public string? JobId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Maps <see cref="WorkflowBookmark"/>: indexed by (name, correlation id), instance and, for timers only, due instant.
/// </summary>
public sealed class WorkflowBookmarkConfiguration : IEntityTypeConfiguration<WorkflowBookmark>
{
    public void Configure(EntityTypeBuilder<WorkflowBookmark> b)
    {
        b.ToTable("WorkflowBookmarks");
        b.Property(x => x.ActivityId).HasMaxLength(200);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.CorrelationId).HasMaxLength(200);
        b.Property(x => x.JobId).HasMaxLength(100);
        b.HasIndex(x => new { x.Name, x.CorrelationId });
        b.HasIndex(x => x.InstanceId);
        // Only timers have a due instant, and only timer queries (DueAt IS NOT NULL, ordered by DueAt) read this index:
        // signal bookmarks, most of them, are inserted and deleted without an entry in it. The filter is written with
        // standard quoted identifiers; SqlServerCallManagerDbContext turns them into brackets.
        b.HasIndex(x => x.DueAt).HasFilter("\"DueAt\" IS NOT NULL");
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
