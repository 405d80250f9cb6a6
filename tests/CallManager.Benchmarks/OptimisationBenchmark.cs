using System.Diagnostics;
using System.Globalization;
using CallManager.Domain.Reviews.Assignment;
using CallManager.Domain.Selection.Calibration;
using CallManager.Domain.Selection.Optimisation;
using Glop = Google.OrTools.LinearSolver;

namespace CallManager.Benchmarks;

/// <summary>Assignment, selection and calibration on generated instances with fixed seeds (issue 7's figures).</summary>
public sealed class OptimisationBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "optimisation";

    /// <inheritdoc />
    public Task RunAsync(string[] args)
    {
        // Extra arguments pick parts; "glop" adds the independent (slow, ~40 s) LP check of the assignment bound.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var parts = args.Length == 0 ? ["assignment", "selection", "calibration"] : args;
        Note($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
        WarmUp();
        if (parts.Contains("assignment")) Assignment(parts.Contains("glop"));
        if (parts.Contains("selection")) Selection();
        if (parts.Contains("calibration")) Calibration();
        return Task.CompletedTask;
    }

    private static void Assignment(bool glop)
    {
        var problem = OptimisationInstances.Assignment(seed: 7, dossiers: 2000, reviewers: 150, k: 3, conflictShare: 0.03);
        var runs = Enumerable.Range(0, 3).Select(_ => Timed(() => new MinCostFlowAssigner().Assign(problem))).ToList();
        var report = runs[0].Result.Report;
        var median = runs.Select(r => r.Seconds).Order().ElementAt(1);
        Print("assignment_seconds", median, "0.000");
        Print("assignment_lp_ratio", report.LpRatio ?? double.NaN, "0.0000");
        Print("assignment_filled_pct", report.FilledPercent, "0.0");
        Print("assignment_worst_vs_baseline", report.WorstVersusBaseline ?? double.PositiveInfinity, "0.00");
        Note($"assignment: wall {string.Join(" / ", runs.Select(r => r.Seconds.ToString("0.000", CultureInfo.InvariantCulture)))} s (median reported), CPU {runs.Select(r => r.Cpu).Order().ElementAt(1):0.000} s; " +
             $"worst dossier {report.WorstDossierAffinity:0.000} vs baseline {report.Baseline!.WorstDossierAffinity:0.000}; total {report.TotalAffinity:0.0} vs baseline {report.Baseline.TotalAffinity:0.0}; " +
             $"components {report.Components}, swaps {report.ConnectivitySwaps}; identical runs {runs.All(r => r.Result.Assignments.SequenceEqual(runs[0].Result.Assignments))}");
        if (glop) Note($"assignment: independent GLOP LP bound {AssignmentLpBound(problem):0.000} vs flow {report.TotalAffinity:0.000}");
    }

    private static void Selection()
    {
        var problem = OptimisationInstances.Selection(seed: 11, count: 5000);
        // The product's default limit (10 s): the status says whether optimality was proven, the seconds whether within the 5 s target.
        var (result, _, cpu) = Timed(() => new BudgetSelector().Select(problem));
        Print("selection_seconds", result.Seconds, "0.000");
        Console.WriteLine($"selection_status: {result.Status.ToString().ToUpperInvariant()}");
        Print("selection_gap_pct", result.GapPercent, "0.0000");
        Console.WriteLine($"selection_quota_violations: {result.QuotaViolations.Count}");
        Print("selection_value_vs_payline", result.ValueVersusPayline ?? double.NaN, "0.0000");
        Note($"selection: CPU {cpu:0.000} s; {result.Selected.Count} funded, value {result.Value:0.0}; payline {result.Payline.Selected.Count} funded, value {result.Payline.Value:0.0}, {result.Payline.QuotaViolationCount} quota violations");
    }

    private static void Calibration()
    {
        const int k = 60;
        double raw = 0, calibrated = 0;
        foreach (var seed in new[] { 1, 2, 3, 4, 5 })
        {
            var (reviews, quality) = OptimisationInstances.Calibration(seed, dossiers: 600, reviewers: 60, k: 3);
            var fit = ScoreCalibrator.Calibrate(reviews);
            var truth = TopK(quality, k);
            raw += (double)TopK(fit.Raw(), k).Intersect(truth).Count() / k;
            calibrated += (double)TopK(fit.CalibratedScores(), k).Intersect(truth).Count() / k;
        }
        Print("calibration_precision_ratio", calibrated / raw, "0.00");
        Note($"calibration: precision@{k} raw {raw / 5:0.000}, calibrated {calibrated / 5:0.000} (mean of 5 seeds, 600 dossiers, 60 reviewers, k = 3)");
    }

    private static HashSet<string> TopK(IReadOnlyDictionary<string, double> scores, int k) =>
        scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Take(k).Select(s => s.Key).ToHashSet();

    /// <summary>An independent LP relaxation of the max-affinity assignment (GLOP), from the instance itself.</summary>
    private static double AssignmentLpBound(AssignmentProblem p)
    {
        using var lp = Glop.Solver.CreateSolver("GLOP");
        var conflicts = p.Conflicts!.Select(c => (c.DossierId, c.ReviewerId)).ToHashSet();
        var perDossier = p.Dossiers.Select(_ => lp.MakeConstraint(p.ReviewersPerDossier, p.ReviewersPerDossier)).ToArray();
        var perReviewer = p.Reviewers.Select(r => lp.MakeConstraint(r.MinLoad, r.MaxLoad)).ToArray();
        var objective = lp.Objective();
        for (var d = 0; d < p.Dossiers.Count; d++)
            for (var r = 0; r < p.Reviewers.Count; r++)
            {
                if (conflicts.Contains((p.Dossiers[d].Id, p.Reviewers[r].Id))) continue;
                var x = lp.MakeNumVar(0, 1, "");
                perDossier[d].SetCoefficient(x, 1);
                perReviewer[r].SetCoefficient(x, 1);
                var themes = p.Dossiers[d].Themes;
                objective.SetCoefficient(x, Math.Round((double)themes.Count(p.Reviewers[r].Themes.Contains) / themes.Count, 3));
            }
        objective.SetMaximization();
        return lp.Solve() == Glop.Solver.ResultStatus.OPTIMAL ? objective.Value() : double.NaN;
    }

    /// <summary>Loads the native solvers and JIT-compiles the code paths once, so the timings measure solving.</summary>
    private static void WarmUp()
    {
        new MinCostFlowAssigner().Assign(OptimisationInstances.Assignment(1, 40, 10, 3, 0.03));
        new BudgetSelector().Select(OptimisationInstances.Selection(1, 200), new SelectionOptions(TimeSpan.FromSeconds(1)));
    }

    private static (T Result, double Seconds, double Cpu) Timed<T>(Func<T> run)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = run();
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (result, seconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static void Note(string text) => Console.WriteLine("# " + text);

    private static void Print(string name, double value, string format) =>
        Console.WriteLine($"{name}: {value.ToString(format, CultureInfo.InvariantCulture)}");
}
