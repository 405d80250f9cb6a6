using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Reviews;

/// <summary>Table <c>JuryMembers</c>: one row per reviewer and call.</summary>
public sealed class JuryMemberConfiguration : IEntityTypeConfiguration<JuryMember>
{
    public void Configure(EntityTypeBuilder<JuryMember> b)
    {
        b.ToTable("JuryMembers");
        b.Property(j => j.UserId).HasMaxLength(450);
        b.Property(j => j.InvitedBy).HasMaxLength(450);
        b.Property(j => j.Themes).HasJsonConversion();
        b.HasIndex(j => new { j.CallId, j.UserId }).IsUnique();
        b.HasIndex(j => j.UserId);
        b.HasOne<Call>().WithMany().HasForeignKey(j => j.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Table <c>Conflicts</c>: one row per reviewer, organisation and call.</summary>
public sealed class ConflictOfInterestConfiguration : IEntityTypeConfiguration<ConflictOfInterest>
{
    public void Configure(EntityTypeBuilder<ConflictOfInterest> b)
    {
        b.ToTable("Conflicts");
        b.Property(c => c.UserId).HasMaxLength(450);
        b.Property(c => c.DeclaredBy).HasMaxLength(450);
        b.Property(c => c.Note).HasMaxLength(1000);
        b.Property(c => c.Type).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(c => new { c.CallId, c.UserId, c.OrganisationId }).IsUnique();
        b.HasOne<Call>().WithMany().HasForeignKey(c => c.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Table <c>Reviews</c>: one row per assigned reviewer and dossier.</summary>
public sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.ToTable("Reviews");
        b.Property(r => r.ReviewerId).HasMaxLength(450);
        b.Property(r => r.AssignedBy).HasMaxLength(450);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Scores).HasJsonConversion();
        b.Property(r => r.OverallComment).HasMaxLength(10000);
        b.HasIndex(r => new { r.ApplicationId, r.ReviewerId }).IsUnique();
        b.HasIndex(r => new { r.CallId, r.ReviewerId });
        b.HasOne<Call>().WithMany().HasForeignKey(r => r.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Application>().WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.ReviewerId).OnDelete(DeleteBehavior.Restrict);
    }
}
