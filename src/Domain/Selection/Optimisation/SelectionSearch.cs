using System.Diagnostics;
using Google.OrTools.Sat;

namespace CallManager.Domain.Selection.Optimisation;

/// <summary>
/// The staged search behind <see cref="BudgetSelector"/>: a greedy set; the LP relaxation; CP-SAT on a small core around
/// the LP's margin for a near-optimal set; reduced-cost fixing proven against that set; CP-SAT on the dossiers left free
/// (warm-started) for the optimum and its proof; then, among the sets of that value, the better-ranked one.
/// </summary>
internal static class SelectionSearch
{
    /// <summary>Dossiers left free in the heuristic core: small enough for CP-SAT to close in a fraction of a second.</summary>
    private const int CoreSize = 200;

    /// <summary>The status, the chosen dossiers (null when none is known) and an upper bound on the value in points.</summary>
    public static (SelectionStatus Status, List<int>? Chosen, double Bound) Solve(SelectionModel m, SelectionOptions options)
    {
        var clock = Stopwatch.StartNew();
        double Left() => options.Limit.TotalSeconds - clock.Elapsed.TotalSeconds;
        var groups = SelectionReduction.Groups(m);
        var greedy = GreedyStart.Take(m);
        var warm = Valid(m, greedy) ? greedy : null;
        var fixings = SelectionReduction.Unfixed(m);
        var lagrangian = double.PositiveInfinity;
        if (LpRelaxation.Solve(m, groups) is { } lp)
        {
            var core = Optimise(m, SelectionReduction.Core(m, lp, groups, CoreSize), warm, Left() / 3, options.Workers);
            warm = Better(m, warm, core.Chosen);
            if (warm is not null) (fixings, lagrangian) = SelectionReduction.Prove(m, lp, groups, Value(m, warm));
        }
        var main = Optimise(m, fixings, warm, Left(), options.Workers);
        if (main.Status == CpSolverStatus.Infeasible && warm is null) return (SelectionStatus.Infeasible, null, 0);
        var best = Better(m, warm, main.Chosen);
        if (best is null) return (SelectionStatus.Unknown, null, 0);
        if (main.Status != CpSolverStatus.Optimal)
            return (SelectionStatus.Feasible, best, Math.Min(main.Bound, lagrangian) / SelectionModel.Scale);
        var remaining = Math.Min(Left(), Math.Max(1, options.Limit.TotalSeconds / 5));
        return (SelectionStatus.Optimal, remaining > 0.1 ? BestRanked(m, main, best, remaining, options.Workers) : best, Value(m, best) / (double)SelectionModel.Scale);
    }

    private sealed record Attempt(CpSolverStatus Status, List<int>? Chosen, double Bound, CpModel Model, BoolVar?[] X, sbyte[] Fixings);

    /// <summary>CP-SAT over the free dossiers, maximising the value, warm-started from <paramref name="hint"/> when it fits the fixings.</summary>
    private static Attempt Optimise(SelectionModel m, sbyte[] fixings, List<int>? hint, double seconds, int workers)
    {
        var (cp, x) = BudgetSelector.Build(m, fixings);
        Hint(cp, x, hint);
        cp.Maximize(BudgetSelector.Sum(x, fixings, Enumerable.Range(0, m.Count), m.Units));
        var (status, solver) = BudgetSelector.Run(cp, seconds, workers);
        var found = status is CpSolverStatus.Optimal or CpSolverStatus.Feasible;
        return new Attempt(status, found ? Chosen(solver, x, fixings) : null, found ? solver.BestObjectiveBound : double.PositiveInfinity, cp, x, fixings);
    }

    /// <summary>Second stage: among the sets of optimal value, prefer better ranks, so the result does not depend on the search.
    /// It only reorders ties; its best set found is kept either way.</summary>
    private static List<int> BestRanked(SelectionModel m, Attempt main, List<int> best, double seconds, int workers)
    {
        var (cp, x, fixings) = (main.Model, main.X, main.Fixings);
        cp.Add(BudgetSelector.Sum(x, fixings, Enumerable.Range(0, m.Count), m.Units) == Value(m, best));
        cp.ClearHints();
        Hint(cp, x, best);
        cp.Maximize(BudgetSelector.Sum(x, fixings, Enumerable.Range(0, m.Count), m.Ranks.Select(r => (long)(m.Count - r)).ToArray()));
        var (status, solver) = BudgetSelector.Run(cp, seconds, workers);
        return status is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? Chosen(solver, x, fixings) : best;
    }

    private static void Hint(CpModel cp, BoolVar?[] x, List<int>? chosen)
    {
        if (chosen is null) return;
        var set = chosen.ToHashSet();
        for (var i = 0; i < x.Length; i++)
            if (x[i] is { } v) cp.AddHint(v, set.Contains(i));
    }

    private static List<int> Chosen(CpSolver solver, BoolVar?[] x, sbyte[] fixings) =>
        Enumerable.Range(0, x.Length).Where(i => x[i] is { } v ? solver.BooleanValue(v) : fixings[i] == 1).ToList();

    private static List<int>? Better(SelectionModel m, List<int>? a, List<int>? b) =>
        a is null ? b : b is null ? a : Value(m, b) > Value(m, a) ? b : a;

    private static long Value(SelectionModel m, List<int> set) => set.Sum(i => m.Units[i]);

    private static bool Valid(SelectionModel m, List<int> set) =>
        m.Violations(set.ToHashSet()).Count == 0 && set.Sum(i => m.AmountUnits[i]) <= m.BudgetUnits;
}
