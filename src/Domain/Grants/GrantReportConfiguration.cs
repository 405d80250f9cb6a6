using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Grants;

/// <summary>Table <c>GrantReports</c>: metadata, figures and history; the document's bytes are in the attachment store.</summary>
public sealed class GrantReportConfiguration : IEntityTypeConfiguration<GrantReport>
{
    public void Configure(EntityTypeBuilder<GrantReport> b)
    {
        b.ToTable("GrantReports");
        b.Property(r => r.Key).HasMaxLength(60);
        b.Property(r => r.LabelFr).HasMaxLength(200);
        b.Property(r => r.LabelEn).HasMaxLength(200);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.DocumentKey).HasMaxLength(200);
        b.Property(r => r.DocumentName).HasMaxLength(260);
        b.Property(r => r.DocumentType).HasMaxLength(100);
        b.Property(r => r.DocumentSha256).HasMaxLength(64);
        b.Property(r => r.Indicators).HasJsonConversion();
        b.Property(r => r.History).HasJsonConversion();
        b.Property(r => r.Narrative).HasMaxLength(GrantService.MaxNarrativeLength);
        b.Property(r => r.Draft!).HasJsonConversion().IsRequired(false);
        b.Ignore(r => r.Outstanding);
        b.HasIndex(r => new { r.GrantId, r.Key }).IsUnique();
        b.HasIndex(r => r.DueAt);
    }
}
