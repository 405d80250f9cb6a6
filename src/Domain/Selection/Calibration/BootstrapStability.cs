using CallManager.Domain.Common;

namespace CallManager.Domain.Selection.Calibration;

/// <summary>Which total ranks the dossiers; the jury chooses and the choice is recorded with the ranking snapshot.</summary>
public enum RankingBasis
{
    /// <summary>Mean of the reviewers' scores as submitted.</summary>
    Raw,
    /// <summary>Estimated quality after removing each reviewer's offset.</summary>
    Calibrated,
}

/// <summary>Settings of the bootstrap: number of resamples, fixed seed, basis of the ranking.</summary>
public sealed record StabilityOptions(int Resamples = 200, int Seed = 20261126, RankingBasis Basis = RankingBasis.Raw, CalibrationOptions? Calibration = null);

/// <summary>The share of bootstrap resamples in which a dossier is funded, shown beside the ranking.</summary>
public sealed record FundingStability(string DossierId, double FundedShare);

/// <summary>
/// Bootstrap over reviews: each resample redraws every dossier's reviews with replacement (same count), recomputes the
/// totals on the chosen basis and applies the funding rule; a dossier's stability is the share of resamples funding it.
/// </summary>
public static class BootstrapStability
{
    /// <summary>Funded share per dossier, in order of first appearance; deterministic for a given seed.</summary>
    public static IReadOnlyList<FundingStability> FundedShares(IReadOnlyList<ReviewScore> reviews,
        Func<IReadOnlyDictionary<string, double>, IReadOnlyCollection<string>> fund, StabilityOptions? options = null)
    {
        options ??= new StabilityOptions();
        if (options.Resamples < 1) throw DomainException.Invalid("The bootstrap needs at least one resample.");
        var byDossier = reviews.GroupBy(r => r.DossierId).Select(g => g.ToList()).ToList();
        var funded = byDossier.ToDictionary(g => g[0].DossierId, _ => 0);
        var random = new Random(options.Seed);
        for (var s = 0; s < options.Resamples; s++)
        {
            var sample = byDossier.SelectMany(g => Enumerable.Range(0, g.Count).Select(_ => g[random.Next(g.Count)])).ToList();
            foreach (var id in fund(Totals(sample, options))) if (funded.ContainsKey(id)) funded[id]++;
        }
        return funded.Select(f => new FundingStability(f.Key, (double)f.Value / options.Resamples)).ToList();
    }

    /// <summary>The payline rule: in score order (ties in the given order), fund each dossier whose amount still fits the budget.</summary>
    public static Func<IReadOnlyDictionary<string, double>, IReadOnlyCollection<string>> Payline(
        IReadOnlyList<(string DossierId, decimal Amount)> amounts, decimal budget) => scores =>
    {
        var left = budget;
        var chosen = new List<string>();
        foreach (var (id, amount) in amounts.Where(a => scores.ContainsKey(a.DossierId)).OrderByDescending(a => scores[a.DossierId]))
        {
            if (amount > left) continue;
            left -= amount;
            chosen.Add(id);
        }
        return chosen;
    };

    private static IReadOnlyDictionary<string, double> Totals(List<ReviewScore> sample, StabilityOptions options) =>
        options.Basis == RankingBasis.Calibrated
            ? ScoreCalibrator.Calibrate(sample, options.Calibration).CalibratedScores()
            : sample.GroupBy(r => r.DossierId).ToDictionary(g => g.Key, g => g.Average(r => r.Score));
}
