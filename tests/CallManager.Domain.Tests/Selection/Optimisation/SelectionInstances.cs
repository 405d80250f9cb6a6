using CallManager.Domain.Selection.Optimisation;

namespace CallManager.Domain.Tests.Selection.Optimisation;

/// <summary>Small random selection problems and an exhaustive optimum for the selection tests.</summary>
internal static class SelectionInstances
{
    public static SelectionProblem Random(int seed, int count)
    {
        var random = new Random(seed);
        string[] regions = ["N", "S", "E"];
        var dossiers = Enumerable.Range(1, count).Select(i => new SelectionApplication($"D{i}", $"O{random.Next(count - 2)}",
            regions[random.Next(3)], random.Next(2) == 0 ? "T1" : "T2", "SCIC", 100 * random.Next(1, 6),
            new Dictionary<string, double> { ["Q"] = random.Next(5, 21), ["R"] = random.Next(0, 6) })).ToList();
        return new SelectionProblem(dossiers, [new("Q", 1.0), new("R", 0.5, PassMark: 1)], 1000,
            Quotas: [new(QuotaDimension.Region, "N", Min: 1), new(QuotaDimension.Region, "S", Max: 2), new(QuotaDimension.Theme, "T1", Min: 1, Max: 3)]);
    }

    /// <summary>Best value over all subsets, and the best rank sum (lowest) among the subsets of that value.</summary>
    public static (double Value, int RankSum) BruteForce(SelectionProblem p)
    {
        var n = p.Dossiers.Count;
        var totals = p.Dossiers.Select(d => p.Criteria.Sum(c => c.Weight * d.Scores[c.Name])).ToArray();
        var ranks = new int[n];
        var order = Enumerable.Range(0, n).OrderByDescending(i => totals[i]).ThenBy(i => i).ToArray();
        for (var r = 0; r < n; r++) ranks[order[r]] = r + 1;
        var best = (Value: double.MinValue, RankSum: int.MaxValue);
        for (var mask = 0; mask < 1 << n; mask++)
        {
            var set = Enumerable.Range(0, n).Where(i => (mask >> i & 1) == 1).ToList();
            if (!Valid(p, set)) continue;
            var value = set.Sum(i => totals[i]);
            var rankSum = set.Sum(i => ranks[i]);
            if (value > best.Value + 1e-9 || (Math.Abs(value - best.Value) < 1e-9 && rankSum < best.RankSum)) best = (value, rankSum);
        }
        return best;
    }

    private static bool Valid(SelectionProblem p, List<int> set)
    {
        var ds = set.Select(i => p.Dossiers[i]).ToList();
        if (ds.Sum(d => d.RequestedAmount) > p.Budget) return false;
        if (ds.Select(d => d.OrganisationId).Distinct().Count() < ds.Count) return false;
        if (ds.Any(d => p.Criteria.Any(c => c.PassMark is { } m && d.Scores[c.Name] < m))) return false;
        return (p.Quotas ?? []).All(q =>
        {
            var count = ds.Count(d => (q.Dimension == QuotaDimension.Region ? d.Region : d.Theme) == q.Value);
            return count >= (q.Min ?? 0) && count <= (q.Max ?? int.MaxValue);
        });
    }
}
