using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Organisations;

/// <summary>Table <c>Organisations</c>: one row per SIREN.</summary>
public sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.ToTable("Organisations");
        b.Property(o => o.Name).HasMaxLength(300);
        b.Property(o => o.Siren).HasMaxLength(9);
        b.Property(o => o.LegalForm).HasMaxLength(100);
        b.Property(o => o.Region).HasMaxLength(100);
        b.Property(o => o.Commune).HasMaxLength(5);
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.EssBasis).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(o => o.Siren).IsUnique();
    }
}

/// <summary>Table <c>OrganisationMembers</c>: which applicant accounts act for which organisation.</summary>
public sealed class OrganisationMemberConfiguration : IEntityTypeConfiguration<OrganisationMember>
{
    public void Configure(EntityTypeBuilder<OrganisationMember> b)
    {
        b.ToTable("OrganisationMembers");
        b.HasKey(m => new { m.OrganisationId, m.UserId });
        b.HasIndex(m => m.UserId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
