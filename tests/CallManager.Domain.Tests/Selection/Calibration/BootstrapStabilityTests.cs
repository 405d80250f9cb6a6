using CallManager.Domain.Selection.Calibration;

namespace CallManager.Domain.Tests.Selection.Calibration;

public class BootstrapStabilityTests
{
    /// <summary>Clear winners A and B, a close pair C and D, a clear loser E; each read three times.</summary>
    private static List<ReviewScore> Reviews()
    {
        var scores = new Dictionary<string, double[]>
        {
            ["A"] = [18, 19, 18], ["B"] = [17, 18, 17], ["C"] = [14, 11, 13], ["D"] = [12, 14, 12], ["E"] = [5, 6, 4],
        };
        return scores.SelectMany(s => s.Value.Select((v, i) => new ReviewScore(s.Key, $"R{i}", v))).ToList();
    }

    private static readonly (string, decimal)[] Amounts = [("A", 100m), ("B", 100m), ("C", 100m), ("D", 100m), ("E", 100m)];

    [Fact]
    public void Clear_winners_are_always_funded_and_close_calls_sometimes()
    {
        var shares = BootstrapStability.FundedShares(Reviews(), BootstrapStability.Payline(Amounts, 300m)).ToDictionary(s => s.DossierId, s => s.FundedShare);

        Assert.Equal((1.0, 1.0, 0.0), (shares["A"], shares["B"], shares["E"]));
        Assert.InRange(shares["C"], 0.05, 0.95);
        Assert.Equal(1.0, shares["C"] + shares["D"], 9);
    }

    [Fact]
    public void The_same_seed_gives_the_same_shares()
    {
        var fund = BootstrapStability.Payline(Amounts, 300m);
        var options = new StabilityOptions(Resamples: 100, Seed: 3, Basis: RankingBasis.Calibrated);

        Assert.Equal(BootstrapStability.FundedShares(Reviews(), fund, options), BootstrapStability.FundedShares(Reviews(), fund, options));
    }

    [Fact]
    public void The_payline_skips_a_dossier_that_no_longer_fits_and_takes_the_next()
    {
        var fund = BootstrapStability.Payline([("A", 200m), ("B", 150m), ("C", 100m)], 300m);

        Assert.Equal(["A", "C"], fund(new Dictionary<string, double> { ["A"] = 3, ["B"] = 2, ["C"] = 1 }));
    }
}
