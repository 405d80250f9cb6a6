using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Ranking;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Selection.Decisions;

/// <summary>The outcome decided for a dossier.</summary>
public enum DecisionOutcome
{
    /// <summary>Funded with <see cref="Decision.GrantedAmount"/>.</summary>
    Selected,
    /// <summary>On the ordered reserve list at <see cref="Decision.ReserveRank"/>.</summary>
    Reserve,
    /// <summary>Not funded, for <see cref="Decision.Reason"/>.</summary>
    Rejected,
}

/// <summary>
/// The decision on one dossier: staged (editable) until published in one step with every other decision of the call;
/// afterwards it changes only through a complaint or a withdrawal (reserve promoted).
/// </summary>
public class Decision : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CallId { get; set; }
    public Guid ApplicationId { get; set; }
    public DecisionOutcome Outcome { get; set; }
    public decimal? GrantedAmount { get; set; }
    public int? ReserveRank { get; set; }
    public string? Reason { get; set; }
    public string StagedBy { get; set; } = "";
    public DateTimeOffset StagedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>The ranking snapshot in force when the decision was published: its letter's figures come from it, now and later.</summary>
    public Guid? RankingSnapshotId { get; set; }

    /// <summary>End of the complaint window (publication + the call's complaint days).</summary>
    public DateTimeOffset? ComplaintsUntil { get; set; }

    /// <summary>When the dossier was withdrawn after the decision: a withdrawn grant no longer counts against the budget.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>Idempotency key of the DossierSelected stimulus owed for this selection, and when it was delivered to the runtime.</summary>
    public string? StimulusKey { get; set; }
    public DateTimeOffset? StimulusSentAt { get; set; }
    public long Version { get; set; }

    /// <summary>Counts against the budget envelope.</summary>
    public bool HoldsBudget => Outcome == DecisionOutcome.Selected && WithdrawnAt is null;
}

/// <summary>Table <c>Decisions</c>: at most one per dossier, and at most one live decision per reserve rank of a call.</summary>
public sealed class DecisionConfiguration : IEntityTypeConfiguration<Decision>
{
    public void Configure(EntityTypeBuilder<Decision> b)
    {
        b.ToTable("Decisions");
        b.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.GrantedAmount).HasPrecision(18, 2);
        b.Property(d => d.Reason).HasMaxLength(4000);
        b.Property(d => d.StagedBy).HasMaxLength(450);
        b.Property(d => d.StimulusKey).HasMaxLength(200);
        b.HasIndex(d => d.ApplicationId).IsUnique();
        b.HasIndex(d => d.CallId); // the reserve rank index below is filtered: it cannot serve every decision of a call
        // One live dossier per reserve rank and call, whatever the number of web hosts: withdrawn decisions keep their rank as
        // history and free it, as the service check does. Standard quoted identifiers; SqlServerCallManagerDbContext brackets them.
        b.HasIndex(d => new { d.CallId, d.ReserveRank }).IsUnique().HasFilter("\"ReserveRank\" IS NOT NULL AND \"WithdrawnAt\" IS NULL");
        b.HasOne<Call>().WithMany().HasForeignKey(d => d.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Application>().WithMany().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<RankingSnapshot>().WithMany().HasForeignKey(d => d.RankingSnapshotId).OnDelete(DeleteBehavior.Restrict);
    }
}
