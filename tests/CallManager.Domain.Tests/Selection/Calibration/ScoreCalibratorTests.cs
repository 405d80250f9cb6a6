using CallManager.Domain.Selection.Calibration;

namespace CallManager.Domain.Tests.Selection.Calibration;

public class ScoreCalibratorTests
{
    private static readonly double[] Quality = [12, 15, 9, 14, 11, 16, 10, 13];
    private static readonly double[] Bias = [1.5, -1.5, 0.5, -0.5];

    /// <summary>Dossier i is read by reviewers i, i+1, i+2 (mod 4): a connected design.</summary>
    private static List<ReviewScore> NoiseFree() =>
        Enumerable.Range(0, Quality.Length).SelectMany(d => Enumerable.Range(d, 3).Select(r => r % Bias.Length)
            .Select(r => new ReviewScore($"D{d}", $"R{r}", Quality[d] + Bias[r], 1 + (d + r) % 3))).ToList();

    [Fact]
    public void Noise_free_scores_give_back_the_injected_qualities_and_offsets()
    {
        var result = ScoreCalibrator.Calibrate(NoiseFree(), new CalibrationOptions(BiasRegularisation: 1e-9));

        Assert.Equal(Quality, result.Dossiers.Select(d => Math.Round(d.Calibrated, 4)));
        Assert.Equal(Bias, result.Reviewers.OrderBy(r => r.ReviewerId).Select(r => Math.Round(r.Bias, 4)));
        Assert.Equal(1, result.Components);
    }

    [Fact]
    public void Raw_means_are_kept_beside_the_calibrated_scores()
    {
        var reviews = NoiseFree();

        var result = ScoreCalibrator.Calibrate(reviews);

        var expected = reviews.GroupBy(r => r.DossierId).Select(g => (g.Key, g.Average(r => r.Score)));
        Assert.Equal(expected, result.Dossiers.Select(d => (d.DossierId, d.RawMean)));
    }

    [Fact]
    public void The_fit_satisfies_the_weighted_ridge_normal_equations()
    {
        var random = new Random(5);
        var reviews = NoiseFree().Select(r => r with { Score = r.Score + random.NextDouble() - 0.5, Confidence = random.Next(1, 4) }).ToList();
        var options = new CalibrationOptions(BiasRegularisation: 2.0);

        var result = ScoreCalibrator.Calibrate(reviews, options);

        var q = result.CalibratedScores();
        var b = result.Reviewers.ToDictionary(r => r.ReviewerId, r => r.Bias);
        double Residual(ReviewScore r) => options.WeightOf(r.Confidence) * (r.Score - q[r.DossierId] - b[r.ReviewerId]);
        Assert.All(reviews.GroupBy(r => r.DossierId), g => Assert.Equal(0, g.Sum(Residual), 9));
        Assert.All(reviews.GroupBy(r => r.ReviewerId), g => Assert.Equal(0, g.Sum(Residual) - 2.0 * b[g.Key], 9));
    }

    [Fact]
    public void A_dossier_read_by_harsh_reviewers_moves_up_after_calibration()
    {
        // H is 3 points harsher than L on the same six dossiers; X is read by H twice-over, Y by L: raw favours Y.
        var reviews = new List<ReviewScore>();
        for (var i = 0; i < 6; i++)
        {
            reviews.Add(new($"S{i}", "H", 10 + i - 3));
            reviews.Add(new($"S{i}", "L", 10 + i));
        }
        reviews.Add(new("X", "H", 12));
        reviews.Add(new("Y", "L", 13));

        var result = ScoreCalibrator.Calibrate(reviews, new CalibrationOptions(BiasRegularisation: 0.01));

        var x = result.Dossiers.Single(d => d.DossierId == "X");
        var y = result.Dossiers.Single(d => d.DossierId == "Y");
        Assert.True(x.RawMean < y.RawMean);
        Assert.True(x.Calibrated > y.Calibrated);
    }

    [Fact]
    public void Separate_review_groups_are_counted()
    {
        var reviews = new List<ReviewScore> { new("A", "R1", 10), new("B", "R2", 12), new("B", "R3", 11) };

        Assert.Equal(2, ScoreCalibrator.Calibrate(reviews).Components);
    }
}
