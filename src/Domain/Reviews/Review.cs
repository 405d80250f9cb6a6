using CallManager.Domain.Common;

namespace CallManager.Domain.Reviews;

/// <summary>Where a review stands.</summary>
public enum ReviewStatus
{
    /// <summary>Assigned; scores may be saved as a draft.</summary>
    Draft,
    /// <summary>Submitted; still editable (and resubmitted) until the review deadline.</summary>
    Submitted,
}

/// <summary>
/// One reviewer's assignment to one dossier and their evaluation of it: created at assignment (empty draft), then scored,
/// submitted and edited until the call's review deadline.
/// </summary>
public class Review : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CallId { get; set; }
    public Guid ApplicationId { get; set; }
    public string ReviewerId { get; set; } = "";
    public ReviewStatus Status { get; set; } = ReviewStatus.Draft;

    /// <summary>Assigned by hand (kept when automatic assignment runs again) or by the solver.</summary>
    public bool ManuallyAssigned { get; set; }
    public string AssignedBy { get; set; } = "";
    public DateTimeOffset AssignedAt { get; set; }

    /// <summary>One entry per criterion of the call once scored.</summary>
    public List<CriterionScore> Scores { get; set; } = [];
    public string? OverallComment { get; set; }

    /// <summary>The reviewer's confidence in their own judgement, 1 (low) to 3 (high).</summary>
    public int? Confidence { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>When the last reminder about this review was sent (reminders go at most once per reminder time).</summary>
    public DateTimeOffset? RemindedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>A score on one criterion (0..scale maximum) with its comment.</summary>
public sealed record CriterionScore(string Key, decimal? Score, string? Comment);
