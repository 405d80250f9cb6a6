using CallManager.Domain.Calls;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Submissions;

/// <summary>
/// An administrator's decision that one dossier may go on although it fails one eligibility rule of its call, with the
/// reason (audited); without one, an ineligible dossier is stopped at admissibility, ranking, proposal, staging and publication.
/// </summary>
public class EligibilityDerogation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CallId { get; set; }
    public Guid ApplicationId { get; set; }

    /// <summary>Key of the call's eligibility rule the dossier is exempted from.</summary>
    public string Rule { get; set; } = "";
    public string Reason { get; set; } = "";
    public string GrantedBy { get; set; } = "";
    public DateTimeOffset GrantedAt { get; set; }
}

/// <summary>Table <c>EligibilityDerogations</c>: at most one per dossier and rule.</summary>
public sealed class EligibilityDerogationConfiguration : IEntityTypeConfiguration<EligibilityDerogation>
{
    public void Configure(EntityTypeBuilder<EligibilityDerogation> b)
    {
        b.ToTable("EligibilityDerogations");
        b.Property(d => d.Rule).HasMaxLength(100);
        b.Property(d => d.Reason).HasMaxLength(2000);
        b.Property(d => d.GrantedBy).HasMaxLength(450);
        b.HasIndex(d => new { d.ApplicationId, d.Rule }).IsUnique();
        b.HasIndex(d => d.CallId);
        b.HasOne<Application>().WithMany().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Call>().WithMany().HasForeignKey(d => d.CallId).OnDelete(DeleteBehavior.Restrict);
    }
}
