using CallManager.Domain.Common;
using CallManager.Domain.Selection.Calibration;

namespace CallManager.Domain.Selection.Ranking;

/// <summary>A computed ranking: the dossiers in order with their figures and the trace of why each stands where it stands.</summary>
public sealed record RankingResult(Guid CallId, RankingBasis Basis, IReadOnlyList<RankedApplication> Dossiers, IReadOnlyList<string> Rules);

/// <summary>
/// One dossier's place: means per criterion, raw and calibrated totals on 100, the total that ranks (per the basis),
/// the spread of reviewers' totals with its disagreement flag, fundability (with the reasons it fails, translatable) and the
/// bootstrap funded share, and the trace of why it stands there (translatable too).
/// </summary>
public sealed record RankedApplication(
    int Rank,
    Guid ApplicationId,
    string Reference,
    string Title,
    decimal RequestedAmount,
    int Reviews,
    IReadOnlyList<CriterionMean> Means,
    decimal RawTotal,
    decimal? CalibratedTotal,
    decimal Total,
    decimal Spread,
    bool Disputed,
    bool Fundable,
    IReadOnlyList<LocalizableText> NotFundableBecause,
    decimal? FundedShare,
    IReadOnlyList<LocalizableText> Trace);

/// <summary>The mean score on one criterion (two decimals) against its pass mark.</summary>
public sealed record CriterionMean(string Key, decimal? Mean, int ScaleMax, decimal? PassMark, bool BelowPassMark);
