namespace CallManager.Workflow.Selection.Ranking;

/// <summary>Explains in plain words why a dossier stands where it stands, against its neighbours above and below.</summary>
internal static class RankingTrace
{
    public static IReadOnlyList<string> For(SnapshotContent content, IReadOnlyList<RankingCalculator.Row> rows, int index)
    {
        var row = rows[index];
        var trace = new List<string>
        {
            $"total {RankingCalculator.Text(row.Total)} ({content.Basis.ToString().ToLowerInvariant()}; raw {RankingCalculator.Text(row.Raw)}" +
            (row.Calibrated is { } c ? $", calibrated {RankingCalculator.Text(c)})" : ")") + $" from {row.Dossier.Reviews.Count} review(s)",
        };
        if (row.Spread > content.DisagreementThreshold)
            trace.Add($"reviewers disagree: spread {RankingCalculator.Text(row.Spread)} above {RankingCalculator.Text(content.DisagreementThreshold)}");
        if (row.Failures.Count > 0) trace.Add("not fundable: " + string.Join("; ", row.Failures));
        if (index > 0) trace.Add(Against(content, rows[index - 1], row, above: true));
        if (index < rows.Count - 1) trace.Add(Against(content, row, rows[index + 1], above: false));
        return trace;
    }

    /// <summary>Why <paramref name="higher"/> precedes <paramref name="lower"/>, told from the traced dossier's side.</summary>
    private static string Against(SnapshotContent content, RankingCalculator.Row higher, RankingCalculator.Row lower, bool above)
    {
        var other = above ? higher.Dossier.Reference : lower.Dossier.Reference;
        var (_, decidedOn) = RankingCalculator.Compare(content, higher, lower);
        var where = above ? "below" : "above";
        if ((higher.Failures.Count == 0) != (lower.Failures.Count == 0))
            return above ? $"after {other}: fundable dossiers come first" : $"before {other}, which is not fundable";
        if (decidedOn is null)
            return $"{where} {other}: total {RankingCalculator.Text(higher.Total)} > {RankingCalculator.Text(lower.Total)}";
        var tie = $"tie with {other} at {RankingCalculator.Text(higher.Total)}";
        if (decidedOn == "reference")
            return $"{tie}, equal on every tie-break criterion, broken by reference (last resort): {higher.Dossier.Reference} < {lower.Dossier.Reference}";
        return $"{tie} broken on '{decidedOn}' {RankingCalculator.Text(higher.Mean(decidedOn) ?? 0)} > {RankingCalculator.Text(lower.Mean(decidedOn) ?? 0)}" +
               (above ? $" in favour of {other}" : "");
    }
}
