using CallManager.Domain.Selection.Optimisation;
using CallManager.Domain.Submissions;

namespace CallManager.Domain.Selection.Decisions;

/// <summary>Body of <c>PUT /api/applications/{id}/decision</c>.</summary>
public sealed record DecisionInput(DecisionOutcome? Outcome, decimal? GrantedAmount = null, int? ReserveRank = null, string? Reason = null);

/// <summary>Body of <c>POST /api/calls/{id}/selection/propose</c>: optional quotas for the budget selector.</summary>
public sealed record ProposalInput(List<SelectionQuota>? Quotas = null);

/// <summary>One dossier's decision as listed.</summary>
public sealed record DecisionRow(Guid ApplicationId, string Reference, string Title, ApplicationStatus Status, DecisionOutcome Outcome,
    decimal? GrantedAmount, int? ReserveRank, string? Reason, DateTimeOffset? PublishedAt, DateTimeOffset? ComplaintsUntil, DateTimeOffset? WithdrawnAt);

/// <summary>A letter that publishing will send: dossier, template, recipient and language.</summary>
public sealed record LetterPreview(string Reference, string Template, string To, string Language);

/// <summary>The call's decisions: staged and published, budget figures, undecided dossiers and the letters publishing will send.</summary>
public sealed record DecisionsView(Guid CallId, decimal Budget, decimal SelectedTotal, decimal Remaining, IReadOnlyList<DecisionRow> Decisions,
    IReadOnlyList<string> Undecided, IReadOnlyList<LetterPreview> Letters);

/// <summary>What publishing did.</summary>
public sealed record PublicationResult(int Published, int Letters, DateTimeOffset? ComplaintsUntil, int StimuliSent);

/// <summary>A staged proposal: the selector's status, each dossier's verdict, and the decisions now staged.</summary>
public sealed record ProposalView(SelectionStatus Status, IReadOnlyList<ApplicationVerdict> Verdicts, DecisionsView Decisions);
