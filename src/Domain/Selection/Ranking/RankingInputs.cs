using System.Text.Json.Serialization;
using CallManager.Domain.Selection.Calibration;

namespace CallManager.Domain.Selection.Ranking;

/// <summary>
/// The frozen inputs of a ranking: the call's rules and, per dossier, the submitted non-conflicted reviews with
/// reviewers pseudonymised (R1, R2… in the order of their account ids, the same pseudonym across the call).
/// </summary>
public sealed record SnapshotContent(
    Guid CallId,
    string CallCode,
    RankingBasis Basis,
    List<SnapshotCriterion> Criteria,
    List<string> TieBreakOrder,
    decimal? Threshold,
    decimal DisagreementThreshold,
    decimal Budget,
    decimal MaxGrant,
    List<SnapshotApplication> Dossiers);

/// <summary>A criterion as it was when frozen: weight in percent of the total, scale maximum, pass mark on the mean.</summary>
public sealed record SnapshotCriterion(string Key, string LabelFr, string LabelEn, decimal Weight, int ScaleMax, decimal? PassMark);

/// <summary>
/// A dossier as it was when frozen, with its lead organisation's region and legal form and its main theme; the eligibility
/// rules it fails without a derogation and the derogations it holds are written only when there are some, so a call
/// whose dossiers are all eligible freezes the same bytes as before they were kept.
/// </summary>
public sealed record SnapshotApplication(
    Guid ApplicationId,
    string Reference,
    string Title,
    decimal RequestedAmount,
    Guid OrganisationId,
    string Region,
    string LegalForm,
    string Theme,
    List<SnapshotReview> Reviews,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<string>? Ineligible = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<SnapshotDerogation>? Derogations = null);

/// <summary>A derogation to an eligibility rule the dossier fails, as it was when frozen (it lets the dossier be fundable).</summary>
public sealed record SnapshotDerogation(string Rule, string Reason);

/// <summary>One submitted review: pseudonym, confidence (1–3) and one score per criterion of the call (null when unscored).</summary>
public sealed record SnapshotReview(string Reviewer, int Confidence, List<SnapshotScore> Scores);

/// <summary>A reviewer's score on one criterion.</summary>
public sealed record SnapshotScore(string Key, decimal? Score);
