using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Selection.Complaints;

/// <summary>Where a complaint stands.</summary>
public enum ComplaintStatus
{
    Open,
    Rejected,
    Upheld,
}

/// <summary>What an upheld complaint does to the dossier.</summary>
public enum UpheldAction
{
    /// <summary>The decision is cleared and the dossier returns to review (status Admissible).</summary>
    ReturnToReview,
    /// <summary>The published decision changes (the budget rule applies).</summary>
    ChangeDecision,
}

/// <summary>An applicant's complaint against a published decision: one per dossier, filed within the complaint window.</summary>
public class Complaint : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CallId { get; set; }
    public Guid ApplicationId { get; set; }
    public string FiledBy { get; set; } = "";
    public DateTimeOffset FiledAt { get; set; }
    public string Text { get; set; } = "";
    public ComplaintStatus Status { get; set; } = ComplaintStatus.Open;
    public UpheldAction? Action { get; set; }

    /// <summary>The administrator's reason, sent to the applicant.</summary>
    public string? Reason { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>Table <c>Complaints</c>: at most one per dossier.</summary>
public sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> b)
    {
        b.ToTable("Complaints");
        b.Property(c => c.FiledBy).HasMaxLength(450);
        b.Property(c => c.Text).HasMaxLength(10000);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Action).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Reason).HasMaxLength(4000);
        b.Property(c => c.ResolvedBy).HasMaxLength(450);
        b.HasIndex(c => c.ApplicationId).IsUnique();
        b.HasIndex(c => c.CallId);
        b.HasOne<Call>().WithMany().HasForeignKey(c => c.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Application>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}
