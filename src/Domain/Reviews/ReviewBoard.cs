using CallManager.Domain.Calls;

namespace CallManager.Domain.Reviews;

/// <summary>
/// One assigned review as the administrators' progress dashboard and exports read it: <paramref name="Started"/> when a draft
/// holds a score or a comment, <paramref name="Conflicted"/> when a conflict declared later sets it aside, <paramref name="Late"/>
/// when it is an unfinished, not set aside draft after the call's review deadline.
/// </summary>
public sealed record ReviewBoardRow(Guid ReviewId, Guid ApplicationId, string Reference, string Title, string ReviewerId, string ReviewerEmail,
    ReviewStatus Status, bool ManuallyAssigned, bool Started, bool Conflicted, bool Late, IReadOnlyList<CriterionScore> Scores, string? OverallComment,
    int? Confidence, DateTimeOffset? SubmittedAt);

/// <summary>One reviewer's progress: n of m counted reviews submitted (reviews set aside by a conflict are not counted), and how many are late.</summary>
public sealed record ReviewerProgress(string ReviewerId, string Email, int Submitted, int Assigned, int Late);

/// <summary>One dossier's reviews: submitted of assigned (reviews set aside by a conflict are not counted).</summary>
public sealed record ApplicationProgress(Guid ApplicationId, string Reference, int Submitted, int Assigned);

/// <summary>How many submitted, counted reviews gave each score 0..<see cref="Criterion.ScaleMax"/> on one criterion.</summary>
public sealed record CriterionDistribution(Criterion Criterion, IReadOnlyList<int> Counts);

/// <summary>Every review of a call with the figures a progress dashboard shows; the deadline is an instant, shown in <paramref name="TimeZone"/>.</summary>
public sealed record ReviewBoard(Guid CallId, DateTimeOffset Deadline, string TimeZone, bool DeadlinePassed, IReadOnlyList<Criterion> Criteria,
    IReadOnlyList<ReviewBoardRow> Reviews)
{
    private IEnumerable<ReviewBoardRow> Counted => Reviews.Where(r => !r.Conflicted);

    /// <summary>Per reviewer, by e-mail.</summary>
    public IReadOnlyList<ReviewerProgress> Reviewers => Counted.GroupBy(r => (r.ReviewerId, r.ReviewerEmail)).OrderBy(g => g.Key.ReviewerEmail, StringComparer.Ordinal)
        .Select(g => new ReviewerProgress(g.Key.ReviewerId, g.Key.ReviewerEmail, g.Count(r => r.Status == ReviewStatus.Submitted), g.Count(), g.Count(r => r.Late)))
        .ToList();

    /// <summary>Per dossier, by reference.</summary>
    public IReadOnlyList<ApplicationProgress> Dossiers => Counted.GroupBy(r => (r.ApplicationId, r.Reference)).OrderBy(g => g.Key.Reference, StringComparer.Ordinal)
        .Select(g => new ApplicationProgress(g.Key.ApplicationId, g.Key.Reference, g.Count(r => r.Status == ReviewStatus.Submitted), g.Count())).ToList();

    /// <summary>The score distribution of every criterion over submitted, counted reviews.</summary>
    public IReadOnlyList<CriterionDistribution> Distributions => Criteria.Select(c => new CriterionDistribution(c, Enumerable.Range(0, c.ScaleMax + 1)
        .Select(score => Counted.Where(r => r.Status == ReviewStatus.Submitted).Count(r => r.Scores.Any(s => s.Key == c.Key && s.Score == score))).ToList()))
        .ToList();

    /// <summary>Reviews not set aside that are submitted, and all of them.</summary>
    public (int Submitted, int Total) Totals => (Counted.Count(r => r.Status == ReviewStatus.Submitted), Counted.Count());
}
