using CallManager.Domain.Common;
using CallManager.Domain.Selection.Calibration;

namespace CallManager.Domain.Selection.Ranking;

/// <summary>
/// Explains in plain words why a dossier stands where it stands, against its neighbours above and below: translatable
/// texts whose figures (two decimals), references and criterion keys are values.
/// </summary>
internal static class RankingTrace
{
    public static IReadOnlyList<LocalizableText> For(SnapshotContent content, IReadOnlyList<RankingCalculator.Row> rows, int index)
    {
        var row = rows[index];
        var trace = new List<LocalizableText> { Total(content, row) };
        if (row.Spread > content.DisagreementThreshold)
            trace.Add($"reviewers disagree: spread {row.Spread:0.00} above {content.DisagreementThreshold:0.00}");
        foreach (var derogation in row.Dossier.Derogations ?? [])
            trace.Add($"eligible by derogation to rule '{derogation.Rule}': {derogation.Reason}");
        if (row.Failures.Count > 0) trace.Add($"not fundable: {LocalizableText.Join(LocalizableText.Semicolon, row.Failures)}");
        if (index > 0) trace.Add(Against(content, rows[index - 1], row, above: true));
        if (index < rows.Count - 1) trace.Add(Against(content, row, rows[index + 1], above: false));
        return trace;
    }

    private static LocalizableText Total(SnapshotContent content, RankingCalculator.Row row)
    {
        var basis = Basis(content.Basis);
        if (row.Calibrated is { } calibrated)
            return $"total {row.Total:0.00} ({basis}; raw {row.Raw:0.00}, calibrated {calibrated:0.00}) from {row.Dossier.Reviews.Count} review(s)";
        return $"total {row.Total:0.00} ({basis}; raw {row.Raw:0.00}) from {row.Dossier.Reviews.Count} review(s)";
    }

    /// <summary>The basis named in the total's line (a translatable word).</summary>
    private static LocalizableText Basis(RankingBasis basis)
    {
        if (basis == RankingBasis.Calibrated) return "calibrated";
        return "raw";
    }

    /// <summary>Why <paramref name="higher"/> precedes <paramref name="lower"/>, told from the traced dossier's side.</summary>
    private static LocalizableText Against(SnapshotContent content, RankingCalculator.Row higher, RankingCalculator.Row lower, bool above)
    {
        var other = above ? higher.Dossier.Reference : lower.Dossier.Reference;
        var (_, decidedOn) = RankingCalculator.Compare(content, higher, lower);
        if ((higher.Failures.Count == 0) != (lower.Failures.Count == 0))
        {
            if (above) return $"after {other}: fundable dossiers come first";
            return $"before {other}, which is not fundable";
        }
        if (decidedOn is null)
        {
            if (above) return $"below {other}: total {higher.Total:0.00} > {lower.Total:0.00}";
            return $"above {other}: total {higher.Total:0.00} > {lower.Total:0.00}";
        }
        if (decidedOn == "reference")
            return $"tie with {other} at {higher.Total:0.00}, equal on every tie-break criterion, broken by reference (last resort): {higher.Dossier.Reference} < {lower.Dossier.Reference}";
        var (won, lost) = (higher.Mean(decidedOn) ?? 0, lower.Mean(decidedOn) ?? 0);
        if (above) return $"tie with {other} at {higher.Total:0.00} broken on '{decidedOn}' {won:0.00} > {lost:0.00} in favour of {other}";
        return $"tie with {other} at {higher.Total:0.00} broken on '{decidedOn}' {won:0.00} > {lost:0.00}";
    }
}
