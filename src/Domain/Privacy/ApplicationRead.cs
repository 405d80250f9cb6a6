using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Privacy;

/// <summary>One opening of a dossier or of one of its documents by a juror or an administrator (who, when, what).</summary>
public class ApplicationRead
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ApplicationId { get; set; }
    public Guid CallId { get; set; }

    /// <summary>The document opened, or null when the dossier itself was.</summary>
    public Guid? AttachmentId { get; set; }

    /// <summary>User id of the reader.</summary>
    public string ReaderId { get; set; } = "";

    /// <summary>In which capacity the reader opened it: "reviewer" or "administrator".</summary>
    public string ReaderRole { get; set; } = "";

    /// <summary>Where it was opened ("page", "api", "download"), to tell a glance from a download.</summary>
    public string Channel { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>Table <c>ApplicationReads</c>, read per dossier newest first.</summary>
public sealed class ApplicationReadConfiguration : IEntityTypeConfiguration<ApplicationRead>
{
    public void Configure(EntityTypeBuilder<ApplicationRead> b)
    {
        b.ToTable("ApplicationReads");
        b.HasKey(r => r.Id);
        b.Property(r => r.ReaderId).HasMaxLength(450);
        b.Property(r => r.ReaderRole).HasMaxLength(20);
        b.Property(r => r.Channel).HasMaxLength(20);
        b.HasIndex(r => new { r.ApplicationId, r.At });
        b.HasIndex(r => r.ReaderId);
    }
}
