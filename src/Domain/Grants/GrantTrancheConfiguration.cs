using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Grants;

/// <summary>Table <c>GrantTranches</c>.</summary>
public sealed class GrantTrancheConfiguration : IEntityTypeConfiguration<GrantTranche>
{
    public void Configure(EntityTypeBuilder<GrantTranche> b)
    {
        b.ToTable("GrantTranches");
        b.Property(t => t.Key).HasMaxLength(60);
        b.Property(t => t.AfterReport).HasMaxLength(60);
        b.Property(t => t.Percent).HasPrecision(9, 4);
        b.Property(t => t.Amount).HasPrecision(18, 2);
        b.Property(t => t.RecordedBy).HasMaxLength(450);
        b.Ignore(t => t.State);
        b.HasIndex(t => new { t.GrantId, t.Key }).IsUnique();
    }
}
