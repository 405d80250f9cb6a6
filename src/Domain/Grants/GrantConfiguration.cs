using CallManager.Domain.Calls;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Grants;

/// <summary>
/// Table <c>Grants</c>, with their tranches and reports: at most one live grant per dossier (any number of cancelled ones,
/// kept as history when a dossier was unselected then selected again).
/// </summary>
public sealed class GrantConfiguration : IEntityTypeConfiguration<Grant>
{
    public void Configure(EntityTypeBuilder<Grant> b)
    {
        b.ToTable("Grants");
        b.Property(g => g.Reference).HasMaxLength(60);
        b.Property(g => g.Title).HasMaxLength(300);
        b.Property(g => g.Amount).HasPrecision(18, 2);
        b.Property(g => g.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(g => g.AgreementAcceptedBy).HasMaxLength(450);
        b.Property(g => g.AgreementAcceptedByName).HasMaxLength(256);
        b.Property(g => g.AgreementSha256).HasMaxLength(64);
        // The filter is written with standard quoted identifiers; SqlServerCallManagerDbContext turns them into brackets.
        b.HasIndex(g => g.ApplicationId).IsUnique().HasFilter("\"Status\" <> 'Cancelled'");
        b.HasIndex(g => new { g.CallId, g.Status });
        b.HasIndex(g => g.LeadOrganisationId);
        b.HasOne<Application>().WithMany().HasForeignKey(g => g.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Call>().WithMany().HasForeignKey(g => g.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(g => g.LeadOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(g => g.Tranches).WithOne().HasForeignKey(t => t.GrantId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(g => g.Reports).WithOne().HasForeignKey(r => r.GrantId).OnDelete(DeleteBehavior.Cascade);
    }
}
