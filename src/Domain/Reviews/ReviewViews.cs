using CallManager.Domain.Common;
using CallManager.Domain.Submissions;

namespace CallManager.Domain.Reviews;

/// <summary>Invites a reviewer to a call's jury by e-mail, with their themes of expertise and an optional personal load cap.</summary>
public sealed record InviteReviewerInput(string? Email, string? DisplayName = null, List<string>? Themes = null, int? MaxLoad = null, string? Language = null);

/// <summary>A jury member as administrators see it: confirmation state, current load and submitted reviews.</summary>
public sealed record JuryMemberView(string UserId, string Email, string DisplayName, List<string> Themes, int? MaxLoad, DateTimeOffset InvitedAt,
    bool ConflictsConfirmed, DateTimeOffset? ConflictsConfirmedAt, int Load, int Submitted, int Conflicts);

/// <summary>A conflict declaration: the organisation, the kind of link and a note; an administrator may declare for a member (<paramref name="UserId"/>) and lock it.</summary>
public sealed record DeclareConflictInput(Guid? OrganisationId, ConflictType? Type, string? Note = null, string? UserId = null, bool? Locked = null);

/// <summary>A declared conflict.</summary>
public sealed record ConflictView(Guid Id, string UserId, Guid OrganisationId, string OrganisationName, ConflictType Type, string? Note, bool Locked,
    string DeclaredBy, DateTimeOffset DeclaredAt);

/// <summary>A review removed or set aside because of a conflict declared after assignment.</summary>
public sealed record AffectedReview(Guid ReviewId, Guid ApplicationId, string Reference, ReviewStatus Status);

/// <summary>The outcome of a declaration: the conflict, the draft reviews it removed and the submitted ones the ranking will now ignore.</summary>
public sealed record ConflictDeclared(ConflictView Conflict, List<AffectedReview> RemovedDraftReviews, List<AffectedReview> IgnoredSubmittedReviews);

/// <summary>The caller's declaration for a call: confirmed or not, and its conflicts.</summary>
public sealed record ConflictDeclaration(Guid CallId, bool Confirmed, DateTimeOffset? ConfirmedAt, List<ConflictView> Conflicts);

/// <summary>An organisation of a call's dossiers a jury member may declare a conflict with.</summary>
public sealed record ConflictCandidate(Guid OrganisationId, string Name);

/// <summary>Automatic assignment: reviewers per dossier (k) and maximum load (defaults from the call), solver "balanced" (default) or "optimal".</summary>
public sealed record AutoAssignInput(int? ReviewersPerDossier = null, int? MaxPerReviewer = null, string? Solver = null);

/// <summary>Manual assignment of one jury member to one dossier.</summary>
public sealed record AssignInput(Guid? ApplicationId, string? ReviewerId);

/// <summary>A slot automatic assignment could not fill, with the constraint that blocks it (translatable).</summary>
public sealed record UnfilledSlot(Guid ApplicationId, string Reference, int Missing, LocalizableText Reason);

/// <summary>One reviewer's load after assignment.</summary>
public sealed record ReviewerLoad(string UserId, string Email, int Load, int MaxLoad, int Added);

/// <summary>
/// What automatic assignment did: new and kept reviews, unfilled slots with reasons, each reviewer's load, members yet to
/// confirm their declaration; the reasons and the solver's explanations are translatable texts (references and e-mail
/// addresses as values).
/// </summary>
public sealed record AutoAssignResult(string Solver, int ReviewersPerDossier, int MaxPerReviewer, int Dossiers, int Created, int Kept, int Replaced,
    List<UnfilledSlot> Unfilled, List<ReviewerLoad> Loads, List<LocalizableText> Reasons, List<string> Unconfirmed);

/// <summary>One reviewer assigned to one dossier.</summary>
public sealed record AssignmentView(Guid ReviewId, Guid ApplicationId, string Reference, string ReviewerId, string ReviewerEmail, ReviewStatus Status,
    bool ManuallyAssigned, DateTimeOffset AssignedAt, DateTimeOffset? SubmittedAt, bool Conflicted);

/// <summary>A score to save on one criterion (0..its scale maximum), with its comment.</summary>
public sealed record CriterionScoreInput(string? Key, decimal? Score, string? Comment);

/// <summary>A draft save: scores merged by criterion key, overall comment and confidence (1–3) replaced when given.</summary>
public sealed record SaveReviewInput(List<CriterionScoreInput>? Scores, string? OverallComment = null, int? Confidence = null);

/// <summary>A step of a criterion's anchored scale, in the reader's language.</summary>
public sealed record AnchorView(int Score, string Label);

/// <summary>A criterion as reviewers score it.</summary>
public sealed record CriterionView(string Key, string Label, string? Description, decimal Weight, int ScaleMax, List<AnchorView> Anchors);

/// <summary>A review with its call's criteria and the (anonymised) dossier.</summary>
public sealed record ReviewDetail(Guid Id, Guid CallId, Guid ApplicationId, string ReviewerId, ReviewStatus Status, List<CriterionView> Criteria,
    List<CriterionScore> Scores, string? OverallComment, int? Confidence, DateTimeOffset? UpdatedAt, DateTimeOffset? SubmittedAt,
    DateTimeOffset Deadline, string DeadlineText, bool Editable, bool RequireCriterionComments, ApplicationView Dossier, long Version)
{
    /// <summary>The weighted total on 100 of the scores given so far (<see cref="ReviewRules.WeightedTotal"/>).</summary>
    public decimal WeightedTotal => ReviewRules.WeightedTotal(Criteria, Scores);

    /// <summary>The call's time zone, in which the page shows the review's times.</summary>
    public string TimeZone { get; init; } = "Europe/Paris";
}

/// <summary>A line of the caller's review list (dossier details hidden until the call's declaration is confirmed).</summary>
public sealed record ReviewListItem(Guid Id, Guid CallId, Guid? ApplicationId, string? Reference, string? Title, ReviewStatus Status, int Scored, int Criteria,
    DateTimeOffset? SubmittedAt);

/// <summary>The caller's progress on one call: n of m reviews submitted, and the deadline in the call's zone.</summary>
public sealed record CallProgress(Guid CallId, string Code, string Title, int Done, int Total, DateTimeOffset Deadline, string DeadlineText,
    bool ConflictsConfirmed, bool DeliberationOpen);

/// <summary>The caller's reviews, grouped by call.</summary>
public sealed record MyReviews(List<CallProgress> Calls, List<ReviewListItem> Reviews);

/// <summary>A review of a dossier as shown in deliberation (reviewer names only to administrators).</summary>
public sealed record ApplicationReviewView(Guid Id, string Reviewer, bool Mine, ReviewStatus Status, List<CriterionScore> Scores, string? OverallComment,
    int? Confidence, DateTimeOffset? SubmittedAt, bool Conflicted);

/// <summary>Whom an administrator reminds now: one reviewer, or every reviewer with unfinished reviews when <paramref name="ReviewerId"/> is left out.</summary>
public sealed record RemindReviewersInput(string? ReviewerId = null);

/// <summary>
/// One reviewer with unfinished reviews after a "remind now": <paramref name="Reminded"/> when mailed now, otherwise skipped because
/// reminded less than 12 hours before; <paramref name="LastRemindedAt"/> is their latest reminder, <paramref name="RemindableFrom"/>
/// when an administrator may remind them again.
/// </summary>
public sealed record ReviewerReminder(string ReviewerId, string Email, int Unfinished, bool Reminded, DateTimeOffset? LastRemindedAt, DateTimeOffset? RemindableFrom);

/// <summary>The outcome of a "remind now": how many reviewers were mailed and how many skipped (reminded less than 12 hours before).</summary>
public sealed record ReviewersReminded(int Reminded, int Skipped, List<ReviewerReminder> Reviewers);
