using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Calls;

/// <summary>Table <c>Calls</c>: phases as instants, criteria, rules and form as JSON columns.</summary>
public sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> b)
    {
        b.ToTable("Calls");
        b.Property(c => c.Code).HasMaxLength(40);
        b.Property(c => c.TitleFr).HasMaxLength(300);
        b.Property(c => c.TitleEn).HasMaxLength(300);
        b.Property(c => c.TimeZone).HasMaxLength(64);
        b.Property(c => c.Budget).HasPrecision(18, 2);
        b.Property(c => c.MaxGrant).HasPrecision(18, 2);
        b.Property(c => c.Threshold).HasPrecision(9, 2);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.CallWorkflowId).HasMaxLength(100);
        b.Property(c => c.ApplicationWorkflowId).HasMaxLength(100);
        b.Property(c => c.Criteria).HasJsonConversion();
        b.Property(c => c.TieBreakOrder).HasJsonConversion();
        b.Property(c => c.EligibilityRules).HasJsonConversion();
        b.Property(c => c.Form).HasJsonConversion();
        b.Property(c => c.Review).HasJsonConversion();
        b.Property(c => c.GrantTerms).HasJsonConversion();
        b.HasIndex(c => c.Status);
    }
}

/// <summary>Table <c>LateExceptions</c>.</summary>
public sealed class LateExceptionConfiguration : IEntityTypeConfiguration<LateException>
{
    public void Configure(EntityTypeBuilder<LateException> b)
    {
        b.ToTable("LateExceptions");
        b.Property(e => e.Reason).HasMaxLength(1000);
        b.Property(e => e.GrantedBy).HasMaxLength(450);
        b.HasIndex(e => new { e.CallId, e.OrganisationId });
        b.HasOne<Call>().WithMany().HasForeignKey(e => e.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(e => e.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
