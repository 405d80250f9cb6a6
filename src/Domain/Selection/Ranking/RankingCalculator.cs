using System.Globalization;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Calibration;

namespace CallManager.Domain.Selection.Ranking;

/// <summary>
/// Computes a ranking from a frozen <see cref="SnapshotContent"/>; pure and deterministic (same snapshot, same ranking and
/// trace). Per dossier: the mean per criterion, the weighted total on 100 (Σ weight × mean / scale maximum), the spread
/// (population standard deviation of the reviewers' weighted totals), pass marks and threshold. Order: fundable dossiers
/// first, then the ranking total (raw or calibrated, per the basis), then the call's tie-break criteria (higher mean first),
/// then, as the last resort, the dossier reference in ordinal order. Figures are compared as shown, to two decimals.
/// </summary>
public static class RankingCalculator
{
    /// <summary>Resamples of the funded-share bootstrap (fixed seed: the share is reproducible).</summary>
    public const int BootstrapResamples = 200;

    /// <summary>The ranking of <paramref name="content"/>.</summary>
    public static RankingResult Compute(SnapshotContent content)
    {
        var scored = content.Dossiers.Select(d => Score(content, d)).ToList();
        var calibrated = Calibrate(content, scored);
        var rows = scored.Select(s => s with
        {
            Calibrated = calibrated.GetValueOrDefault(s.Dossier.ApplicationId),
        }).Select(s => Judge(content, s)).ToList();
        rows.Sort((a, b) => Compare(content, a, b).Order);
        var shares = FundedShares(content, rows);
        var ranked = rows.Select((row, i) => new RankedApplication(i + 1, row.Dossier.ApplicationId, row.Dossier.Reference, row.Dossier.Title,
            row.Dossier.RequestedAmount, row.Dossier.Reviews.Count, row.Means, row.Raw, row.Calibrated, row.Total, row.Spread,
            row.Spread > content.DisagreementThreshold, row.Failures.Count == 0, row.Failures, shares.GetValueOrDefault(row.Dossier.ApplicationId),
            RankingTrace.For(content, rows, i))).ToList();
        return new RankingResult(content.CallId, content.Basis, ranked, Rules(content));
    }

    internal sealed record Row(SnapshotApplication Dossier, IReadOnlyList<CriterionMean> Means, IReadOnlyList<decimal> ReviewerTotals,
        decimal Raw, decimal Spread, decimal? Calibrated = null, decimal Total = 0, IReadOnlyList<LocalizableText>? FailureList = null)
    {
        public IReadOnlyList<LocalizableText> Failures => FailureList ?? [];
        public decimal? Mean(string key) => Means.FirstOrDefault(m => m.Key == key)?.Mean;
    }

    private static Row Score(SnapshotContent content, SnapshotApplication dossier)
    {
        var means = new List<CriterionMean>();
        var raw = 0m;
        foreach (var c in content.Criteria)
        {
            var scores = dossier.Reviews.Select(r => r.Scores.FirstOrDefault(s => s.Key == c.Key)?.Score).OfType<decimal>().ToList();
            decimal? mean = scores.Count == 0 ? null : scores.Sum() / scores.Count;
            raw += c.Weight * (mean ?? 0) / c.ScaleMax;
            var shown = mean is { } m ? Math.Round(m, 2, MidpointRounding.AwayFromZero) : (decimal?)null;
            means.Add(new CriterionMean(c.Key, shown, c.ScaleMax, c.PassMark, c.PassMark is { } pass && (shown ?? 0) < pass));
        }
        var totals = dossier.Reviews.Select(r => ReviewerTotal(content, r)).ToList();
        return new Row(dossier, means, totals, Round(raw), Round(StandardDeviation(totals)));
    }

    /// <summary>One reviewer's weighted total on 100 (an unscored criterion counts 0).</summary>
    internal static decimal ReviewerTotal(SnapshotContent content, SnapshotReview review) => ReviewerTotal(content.Criteria, review.Scores);

    /// <summary>A reviewer's weighted total on 100 over <paramref name="criteria"/> (an unscored criterion counts 0), as the ranking computes it.</summary>
    public static decimal ReviewerTotal(IReadOnlyList<SnapshotCriterion> criteria, IReadOnlyList<SnapshotScore> scores) =>
        criteria.Sum(c => c.Weight * (scores.FirstOrDefault(s => s.Key == c.Key)?.Score ?? 0) / c.ScaleMax);

    private static decimal StandardDeviation(IReadOnlyList<decimal> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Sum() / values.Count;
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return (decimal)Math.Sqrt((double)variance);
    }

    private static Dictionary<Guid, decimal?> Calibrate(SnapshotContent content, List<Row> rows)
    {
        var reviews = ReviewScores(content);
        if (reviews.Count == 0) return [];
        var result = ScoreCalibrator.Calibrate(reviews);
        return result.Dossiers.ToDictionary(d => Guid.Parse(d.DossierId), d => (decimal?)Round((decimal)d.Calibrated));
    }

    private static List<ReviewScore> ReviewScores(SnapshotContent content) => content.Dossiers
        .SelectMany(d => d.Reviews.Select(r => new ReviewScore(d.ApplicationId.ToString(), r.Reviewer, (double)ReviewerTotal(content, r), r.Confidence)))
        .ToList();

    private static Row Judge(SnapshotContent content, Row row)
    {
        var total = content.Basis == RankingBasis.Calibrated && row.Calibrated is { } c ? c : row.Raw;
        var failures = new List<LocalizableText>();
        foreach (var rule in row.Dossier.Ineligible ?? [])
            failures.Add($"not eligible: rule '{rule}' is not met and no derogation is recorded");
        if (row.Dossier.Reviews.Count == 0) failures.Add("no submitted review");
        foreach (var m in row.Means.Where(m => m.BelowPassMark))
            failures.Add($"'{m.Key}' mean {(m.Mean ?? 0):0.00} below its pass mark {m.PassMark!.Value:0.00}");
        if (content.Threshold is { } threshold && total < threshold)
            failures.Add($"total {total:0.00} below the call's threshold {threshold:0.00}");
        return row with { Total = total, FailureList = failures };
    }

    /// <summary>Orders two rows and names what decided (null when the totals or fundability already differ).</summary>
    internal static (int Order, string? DecidedOn) Compare(SnapshotContent content, Row a, Row b)
    {
        var fundable = (b.Failures.Count == 0).CompareTo(a.Failures.Count == 0);
        if (fundable != 0) return (fundable, null);
        var total = b.Total.CompareTo(a.Total);
        if (total != 0) return (total, null);
        foreach (var key in content.TieBreakOrder)
        {
            var order = (b.Mean(key) ?? -1).CompareTo(a.Mean(key) ?? -1);
            if (order != 0) return (order, key);
        }
        return (string.CompareOrdinal(a.Dossier.Reference, b.Dossier.Reference), "reference");
    }

    private static Dictionary<Guid, decimal?> FundedShares(SnapshotContent content, List<Row> rows)
    {
        var reviews = ReviewScores(content);
        var fundable = rows.Where(r => r.Failures.Count == 0).Select(r => r.Dossier.ApplicationId.ToString()).ToHashSet();
        if (reviews.Count == 0) return [];
        var amounts = rows.Where(r => fundable.Contains(r.Dossier.ApplicationId.ToString()))
            .Select(r => (r.Dossier.ApplicationId.ToString(), Math.Min(r.Dossier.RequestedAmount, content.MaxGrant))).ToList();
        var shares = BootstrapStability.FundedShares(reviews.Where(r => fundable.Contains(r.DossierId)).ToList(),
            BootstrapStability.Payline(amounts, content.Budget), new StabilityOptions(BootstrapResamples, Basis: content.Basis));
        return shares.ToDictionary(s => Guid.Parse(s.DossierId), s => (decimal?)Math.Round((decimal)s.FundedShare, 3));
    }

    private static IReadOnlyList<string> Rules(SnapshotContent content) =>
    [
        $"basis: {content.Basis.ToString().ToLowerInvariant()}",
        "total on 100 = Σ weight × mean / scale maximum, shown and compared to two decimals",
        $"spread = standard deviation of the reviewers' totals; disputed above {Text(content.DisagreementThreshold)}",
        $"order: fundable first, total, then {(content.TieBreakOrder.Count == 0 ? "no tie-break criterion" : string.Join(", ", content.TieBreakOrder.Select(k => $"'{k}'")))}, then reference (last resort)",
        $"funded share: payline within {Text(content.Budget)} over {BootstrapResamples} bootstrap resamples of the reviews",
    ];

    internal static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>A figure as shown in traces: two decimals, invariant culture.</summary>
    internal static string Text(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
