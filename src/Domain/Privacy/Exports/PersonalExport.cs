using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Privacy.Exports;

/// <summary>Where a person's export stands.</summary>
public enum PersonalExportStatus
{
    /// <summary>Asked for; the background job has not started it.</summary>
    Queued,
    /// <summary>Being built (<see cref="PersonalExport.Progress"/> says how far).</summary>
    Running,
    /// <summary>Built and downloadable by the person until <see cref="PersonalExport.ExpiresAt"/>.</summary>
    Ready,
    /// <summary>Could not be built (<see cref="PersonalExport.Failure"/> says why); the person may ask again.</summary>
    Failed,
    /// <summary>Past its download period: the archive is deleted.</summary>
    Expired,
}

/// <summary>One request for everything held about a person (right of access and portability, GDPR art. 15 and 20), built in the background.</summary>
public class PersonalExport
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The person the export is about, and the only one who may download it.</summary>
    public string UserId { get; set; } = "";

    /// <summary>Who asked: the person, or an administrator on their behalf.</summary>
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public PersonalExportStatus Status { get; set; } = PersonalExportStatus.Queued;

    /// <summary>Percentage of the sections collected, shown while the export is built.</summary>
    public int Progress { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The archive's key in the attachment store while it is downloadable.</summary>
    public string? StorageKey { get; set; }
    public long? Size { get; set; }
    public string? Sha256 { get; set; }
    public string? Failure { get; set; }

    /// <summary>The site's address as the request that asked for it saw it, to put in the mailed link (the job runs outside any request).</summary>
    public string LinkBase { get; set; } = "";
}

/// <summary>Table <c>PersonalExports</c>, read per person newest first.</summary>
public sealed class PersonalExportConfiguration : IEntityTypeConfiguration<PersonalExport>
{
    public void Configure(EntityTypeBuilder<PersonalExport> b)
    {
        b.ToTable("PersonalExports");
        b.HasKey(e => e.Id);
        b.Property(e => e.UserId).HasMaxLength(450);
        b.Property(e => e.RequestedBy).HasMaxLength(450);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.StorageKey).HasMaxLength(32);
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.Failure).HasMaxLength(2000);
        b.Property(e => e.LinkBase).HasMaxLength(500);
        b.HasIndex(e => new { e.UserId, e.RequestedAt });
        b.HasIndex(e => new { e.Status, e.ExpiresAt });
    }
}
