using CallManager.Domain.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Submissions;

/// <summary>
/// One member of a submitted dossier (the lead at position 0, then the partners) as it was at its last submission: no later
/// change of an organisation's profile, nor another applicant's entry for the same SIREN, changes what the dossier declared.
/// </summary>
public class ApplicationMember
{
    public Guid ApplicationId { get; set; }
    public int Position { get; set; }
    public Guid OrganisationId { get; set; }
    public string Siren { get; set; } = "";
    public string Name { get; set; } = "";
    public string LegalForm { get; set; } = "";
    public string Region { get; set; } = "";

    /// <summary>Official INSEE code of the member's commune, when given.</summary>
    public string? Commune { get; set; }
    public bool SocialEconomy { get; set; }
    public MemberKind Kind { get; set; }
    public EssBasis EssBasis { get; set; }

    /// <summary>True for the lead organisation (position 0).</summary>
    public bool IsLead => Position == 0;
}

/// <summary>Table <c>ApplicationMembers</c>: the members' snapshot, replaced at each submission.</summary>
public sealed class ApplicationMemberConfiguration : IEntityTypeConfiguration<ApplicationMember>
{
    public void Configure(EntityTypeBuilder<ApplicationMember> b)
    {
        b.ToTable("ApplicationMembers");
        b.HasKey(m => new { m.ApplicationId, m.Position });
        b.Ignore(m => m.IsLead);
        b.Property(m => m.Siren).HasMaxLength(9);
        b.Property(m => m.Name).HasMaxLength(300);
        b.Property(m => m.LegalForm).HasMaxLength(100);
        b.Property(m => m.Region).HasMaxLength(100);
        b.Property(m => m.Commune).HasMaxLength(5);
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.EssBasis).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Application>().WithMany().HasForeignKey(m => m.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}
