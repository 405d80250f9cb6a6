using CallManager.Domain.Common;

namespace CallManager.Domain.Selection.Calibration;

/// <summary>
/// Fits score = dossier quality + reviewer bias + noise by confidence-weighted least squares with a ridge penalty on the
/// biases. Qualities are eliminated exactly (each is the weighted mean of its bias-corrected scores), leaving a small
/// symmetric positive-definite system in the biases, solved by Cholesky: exact and deterministic.
/// </summary>
public static class ScoreCalibrator
{
    /// <summary>Calibrates one call's reviews; dossiers and reviewers come out in order of first appearance.</summary>
    public static CalibrationResult Calibrate(IReadOnlyList<ReviewScore> reviews, CalibrationOptions? options = null)
    {
        options ??= CalibrationOptions.Default;
        if (options.BiasRegularisation <= 0) throw DomainException.Invalid("The bias regularisation must be positive.");
        var dossiers = reviews.Select(r => r.DossierId).Distinct().ToList();
        var reviewers = reviews.Select(r => r.ReviewerId).Distinct().ToList();
        var d = dossiers.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var r = reviewers.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var rows = reviews.Select(x => (D: d[x.DossierId], R: r[x.ReviewerId], x.Score, W: options.WeightOf(x.Confidence))).ToList();

        var bias = SolveBiases(rows, dossiers.Count, reviewers.Count, options.BiasRegularisation);
        var quality = Qualities(rows, dossiers.Count, bias);
        var byDossier = rows.ToLookup(x => x.D);
        var result = dossiers.Select((id, i) => new CalibratedApplication(id, byDossier[i].Average(x => x.Score), quality[i], byDossier[i].Count()));
        var biases = reviewers.Select((id, i) => new ReviewerBias(id, bias[i], rows.Count(x => x.R == i)));
        return new CalibrationResult(result.ToList(), biases.ToList(), Components(rows, dossiers.Count, reviewers.Count));
    }

    private static double[] SolveBiases(List<(int D, int R, double Score, double W)> rows, int dossierCount, int reviewerCount, double lambda)
    {
        var weightOfDossier = new double[dossierCount];
        var sumOfDossier = new double[dossierCount];
        foreach (var x in rows) { weightOfDossier[x.D] += x.W; sumOfDossier[x.D] += x.W * x.Score; }
        // Normal equations after eliminating q_d = (S_d - Σ w b) / W_d:
        // (W_r + λ) b_r - Σ_r' (Σ_d w_rd w_r'd / W_d) b_r' = Σ_d w_rd (s_rd - S_d / W_d)
        var m = new double[reviewerCount, reviewerCount];
        var rhs = new double[reviewerCount];
        for (var i = 0; i < reviewerCount; i++) m[i, i] = lambda;
        foreach (var x in rows)
        {
            m[x.R, x.R] += x.W;
            rhs[x.R] += x.W * (x.Score - sumOfDossier[x.D] / weightOfDossier[x.D]);
        }
        foreach (var group in rows.GroupBy(x => x.D))
            foreach (var a in group)
                foreach (var b in group)
                    m[a.R, b.R] -= a.W * b.W / weightOfDossier[a.D];
        return Cholesky.Solve(m, rhs);
    }

    private static double[] Qualities(List<(int D, int R, double Score, double W)> rows, int dossierCount, double[] bias)
    {
        var weight = new double[dossierCount];
        var sum = new double[dossierCount];
        foreach (var x in rows) { weight[x.D] += x.W; sum[x.D] += x.W * (x.Score - bias[x.R]); }
        return sum.Select((s, i) => s / weight[i]).ToArray();
    }

    private static int Components(List<(int D, int R, double Score, double W)> rows, int dossierCount, int reviewerCount)
    {
        var parent = Enumerable.Range(0, dossierCount + reviewerCount).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var x in rows) parent[Find(x.D)] = Find(dossierCount + x.R);
        return Enumerable.Range(0, dossierCount + reviewerCount).Select(Find).Distinct().Count();
    }
}

/// <summary>Dense Cholesky factorisation for the small symmetric positive-definite bias system.</summary>
internal static class Cholesky
{
    public static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var l = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var diagonal = a[j, j];
            for (var k = 0; k < j; k++) diagonal -= l[j, k] * l[j, k];
            l[j, j] = Math.Sqrt(diagonal);
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = s / l[j, j];
            }
        }
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++) s -= l[i, k] * y[k];
            y[i] = s / l[i, i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < n; k++) s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }
        return x;
    }
}
