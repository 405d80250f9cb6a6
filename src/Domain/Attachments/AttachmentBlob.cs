using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Attachments;

/// <summary>One attachment kept in the database by <see cref="DatabaseAttachmentStore"/>; immutable once written.</summary>
public class AttachmentBlob
{
    public string Key { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string? FileName { get; set; }
    public long Length { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public byte[] Content { get; set; } = [];
}

/// <summary>Maps <see cref="AttachmentBlob"/> to table <c>AttachmentBlobs</c>.</summary>
public sealed class AttachmentBlobConfiguration : IEntityTypeConfiguration<AttachmentBlob>
{
    public void Configure(EntityTypeBuilder<AttachmentBlob> b)
    {
        b.ToTable("AttachmentBlobs");
        b.HasKey(a => a.Key);
        b.Property(a => a.Key).HasMaxLength(32);
        b.Property(a => a.ContentType).HasMaxLength(200).IsRequired();
        b.Property(a => a.FileName).HasMaxLength(260);
        b.Property(a => a.Sha256).HasMaxLength(64).IsRequired();
        b.Property(a => a.Content).IsRequired();
    }
}
