namespace CallManager.Domain.Selection.Calibration;

/// <summary>One submitted review's total score with the reviewer's confidence (1–3).</summary>
public sealed record ReviewScore(string DossierId, string ReviewerId, double Score, int Confidence = 2);

/// <summary>Settings of the offset model score = quality + reviewer bias + noise.</summary>
/// <param name="BiasRegularisation">Ridge weight pulling each bias towards 0, in confidence-weight units: a reviewer's bias
/// is only believed once their reviews outweigh it.</param>
/// <param name="ConfidenceWeights">Least-squares weight of a review per confidence level 1, 2, 3.</param>
public sealed record CalibrationOptions(double BiasRegularisation = 2.0, IReadOnlyList<double>? ConfidenceWeights = null)
{
    /// <summary>The defaults.</summary>
    public static CalibrationOptions Default { get; } = new();

    /// <summary>The weight of a review with the given confidence (clamped to 1–3).</summary>
    public double WeightOf(int confidence)
    {
        var weights = ConfidenceWeights ?? [1.0, 2.0, 3.0];
        return weights[Math.Clamp(confidence, 1, weights.Count) - 1];
    }
}

/// <summary>A dossier's raw mean beside its calibrated score (estimated quality); raw is never replaced.</summary>
public sealed record CalibratedApplication(string DossierId, double RawMean, double Calibrated, int Reviews);

/// <summary>A reviewer's estimated offset: positive means lenient (scores above the dossiers' quality).</summary>
public sealed record ReviewerBias(string ReviewerId, double Bias, int Reviews);

/// <summary>Raw and calibrated totals side by side, the reviewer offsets, and how many separate groups the review graph has.</summary>
public sealed record CalibrationResult(IReadOnlyList<CalibratedApplication> Dossiers, IReadOnlyList<ReviewerBias> Reviewers, int Components)
{
    /// <summary>Raw means by dossier id.</summary>
    public IReadOnlyDictionary<string, double> Raw() => Dossiers.ToDictionary(d => d.DossierId, d => d.RawMean);

    /// <summary>Calibrated scores by dossier id.</summary>
    public IReadOnlyDictionary<string, double> CalibratedScores() => Dossiers.ToDictionary(d => d.DossierId, d => d.Calibrated);
}
