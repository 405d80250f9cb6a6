using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Selection.Deliberation;

/// <summary>The jury's consensus comment on one dossier, quoted in its decision letter.</summary>
public class ConsensusComment : IVersioned
{
    public Guid ApplicationId { get; set; }
    public Guid CallId { get; set; }
    public string Text { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>Minutes of a jury meeting: when, who attended, the text and the votes on changes to the ranking.</summary>
public class JuryMinutes
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CallId { get; set; }
    public DateTimeOffset HeldAt { get; set; }
    public List<string> Attendees { get; set; } = [];
    public string Text { get; set; } = "";
    public List<JuryVote> Votes { get; set; } = [];
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A vote on a motion (e.g. "move PTCE-2027-0012 above PTCE-2027-0003"): counts for, against, abstaining.</summary>
public sealed record JuryVote(string Motion, int For, int Against, int Abstain)
{
    /// <summary>Carried by a simple majority of the votes cast.</summary>
    public bool Carried => For > Against;
}

/// <summary>Table <c>ConsensusComments</c>: one per dossier.</summary>
public sealed class ConsensusCommentConfiguration : IEntityTypeConfiguration<ConsensusComment>
{
    public void Configure(EntityTypeBuilder<ConsensusComment> b)
    {
        b.ToTable("ConsensusComments");
        b.HasKey(c => c.ApplicationId);
        b.Property(c => c.Text).HasMaxLength(10000);
        b.Property(c => c.RecordedBy).HasMaxLength(450);
        b.HasIndex(c => c.CallId);
        b.HasOne<Application>().WithOne().HasForeignKey<ConsensusComment>(c => c.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Table <c>JuryMinutes</c>.</summary>
public sealed class JuryMinutesConfiguration : IEntityTypeConfiguration<JuryMinutes>
{
    public void Configure(EntityTypeBuilder<JuryMinutes> b)
    {
        b.ToTable("JuryMinutes");
        b.Property(m => m.Attendees).HasJsonConversion();
        b.Property(m => m.Votes).HasJsonConversion();
        b.Property(m => m.Text).HasMaxLength(100000);
        b.Property(m => m.RecordedBy).HasMaxLength(450);
        b.HasIndex(m => m.CallId);
        b.HasOne<Call>().WithMany().HasForeignKey(m => m.CallId).OnDelete(DeleteBehavior.Cascade);
    }
}
