using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Notifications;

/// <summary>Maps <see cref="OutboxMessage"/> to table <c>OutboxMessages</c>, indexed for the dispatcher's "what is due" query.</summary>
public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.MessageId).HasMaxLength(200).IsRequired();
        b.HasIndex(m => m.MessageId).IsUnique();
        b.Property(m => m.Kind).HasMaxLength(100).IsRequired();
        b.Property(m => m.Language).HasMaxLength(10).IsRequired();
        b.Property(m => m.Recipients).HasMaxLength(4000).IsRequired();
        b.Property(m => m.Subject).HasMaxLength(1000).IsRequired();
        b.Property(m => m.TextBody).IsRequired();
        b.Property(m => m.CorrelationId).HasMaxLength(200);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.ClaimedBy).HasMaxLength(200);
        b.Property(m => m.LastError).HasMaxLength(2000);
        // The dispatcher asks "pending and due" and "sending with an expired lease".
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => m.CorrelationId);
    }
}
