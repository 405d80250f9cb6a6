using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Documents;

/// <summary>Table <c>GeneratedDocuments</c>: one row per (kind, subject, variant), never rewritten.</summary>
public sealed class GeneratedDocumentConfiguration : IEntityTypeConfiguration<GeneratedDocument>
{
    public void Configure(EntityTypeBuilder<GeneratedDocument> b)
    {
        b.ToTable("GeneratedDocuments");
        b.Property(d => d.Kind).HasMaxLength(40);
        b.Property(d => d.Variant).HasMaxLength(60);
        b.Property(d => d.FileName).HasMaxLength(260);
        b.Property(d => d.ContentType).HasMaxLength(100);
        b.Property(d => d.Sha256).HasMaxLength(64);
        b.HasIndex(d => new { d.Kind, d.SubjectId, d.Variant }).IsUnique();
    }
}
