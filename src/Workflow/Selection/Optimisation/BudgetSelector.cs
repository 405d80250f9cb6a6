using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace CallManager.Workflow.Selection.Optimisation;

/// <summary>
/// Chooses the dossiers to fund with CP-SAT: maximise the summed totals of the chosen dossiers within the budget envelope,
/// pass marks, regional/thematic/legal-form quotas and one grant per organisation; ties between equally valuable sets
/// go to the better-ranked dossiers. Pure: nothing is stored or applied.
/// </summary>
public sealed class BudgetSelector
{
    /// <summary>Solves the selection, explains each dossier's verdict and compares with the payline.</summary>
    public SelectionResult Select(SelectionProblem problem, SelectionOptions? options = null)
    {
        options ??= new SelectionOptions();
        var clock = Stopwatch.StartNew();
        var model = new SelectionModel(problem);
        var payline = Payline.Take(model);
        var (status, chosen, bound) = Solve(model, GreedyStart.Take(model), options);
        var seconds = clock.Elapsed.TotalSeconds;
        var paylineComparison = new PaylineComparison(payline.Select(i => problem.Dossiers[i].Id).ToList(),
            payline.Sum(i => model.Totals[i]), payline.Sum(i => model.Granted[i]), model.Violations(payline.ToHashSet()));
        if (chosen is null)
        {
            var reasons = status == SelectionStatus.Infeasible ? SelectionDiagnosis.Explain(model, options) : ["No valid selection was found within the time limit."];
            return new SelectionResult(status, [], 0, 0, 0, SelectionExplainer.Unsolved(model), [], paylineComparison, reasons, seconds);
        }
        var set = chosen.ToHashSet();
        return new SelectionResult(status, model.RankOrder.Where(set.Contains).Select(i => problem.Dossiers[i].Id).ToList(),
            chosen.Sum(i => model.Totals[i]), status == SelectionStatus.Optimal ? chosen.Sum(i => model.Totals[i]) : bound,
            chosen.Sum(i => model.Granted[i]), SelectionExplainer.Explain(model, set), model.Violations(set), paylineComparison, [], seconds);
    }

    private static (SelectionStatus, List<int>?, double Bound) Solve(SelectionModel m, List<int> start, SelectionOptions options)
    {
        var (cp, x) = Build(m);
        var value = LinearExpr.WeightedSum(x, m.Units);
        var chosenAtStart = start.ToHashSet();
        for (var i = 0; i < m.Count; i++) cp.AddHint(x[i], chosenAtStart.Contains(i));
        cp.Maximize(value);
        var deadline = Stopwatch.StartNew();
        var (status, solver) = Run(cp, options.Limit.TotalSeconds, options.Workers);
        if (status == CpSolverStatus.Infeasible) return (SelectionStatus.Infeasible, null, 0);
        if (status != CpSolverStatus.Optimal && status != CpSolverStatus.Feasible)
            return Valid(m, chosenAtStart) ? (SelectionStatus.Feasible, start, double.NaN) : (SelectionStatus.Unknown, null, 0);
        var first = Chosen(solver, x);
        var bound = solver.BestObjectiveBound / SelectionModel.Scale;
        // Under a short time limit CP-SAT may lose the hint during presolve; the warm start is valid, so keep the better.
        if (status != CpSolverStatus.Optimal)
            return (SelectionStatus.Feasible, Valid(m, chosenAtStart) && start.Sum(i => m.Units[i]) > first.Sum(i => m.Units[i]) ? start : first, bound);

        // Second stage: among the sets of optimal value, prefer better ranks, so the result does not depend on the search.
        // It only reorders ties, so it gets a fifth of the limit at most; its best set found is kept either way.
        var remaining = Math.Min(options.Limit.TotalSeconds - deadline.Elapsed.TotalSeconds, Math.Max(1, options.Limit.TotalSeconds / 5));
        if (remaining <= 0.1) return (SelectionStatus.Optimal, first, bound);
        cp.Add(value == (long)Math.Round(solver.ObjectiveValue));
        cp.ClearHints();
        foreach (var i in first) cp.AddHint(x[i], true);
        cp.Maximize(LinearExpr.WeightedSum(x, m.Ranks.Select(r => (long)(m.Count - r))));
        var (status2, solver2) = Run(cp, remaining, options.Workers);
        return (SelectionStatus.Optimal, status2 is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? Chosen(solver2, x) : first, bound);
    }

    private static bool Valid(SelectionModel m, HashSet<int> set) =>
        m.Violations(set).Count == 0 && set.Sum(i => m.AmountUnits[i]) <= m.BudgetUnits;

    internal static (CpModel Model, BoolVar[] X) Build(SelectionModel m, Func<string, ILiteral?>? enforce = null, CpModel? into = null)
    {
        var cp = into ?? new CpModel();
        var x = Enumerable.Range(0, m.Count).Select(i => cp.NewBoolVar($"x{i}")).ToArray();
        for (var i = 0; i < m.Count; i++)
            if (!m.Fundable(i)) cp.Add(x[i] == 0);
        Enforce(cp.Add(LinearExpr.WeightedSum(x, m.AmountUnits) <= m.BudgetUnits), enforce?.Invoke("budget"));
        foreach (var (quota, members) in m.Quotas)
        {
            var count = LinearExpr.Sum(members.Select(i => x[i]));
            if (quota.Min is { } min) Enforce(cp.Add(count >= min), enforce?.Invoke($"min:{quota.Label}"));
            if (quota.Max is { } max) Enforce(cp.Add(count <= max), enforce?.Invoke($"max:{quota.Label}"));
        }
        if (m.Problem.OneGrantPerOrganisation)
            foreach (var group in Enumerable.Range(0, m.Count).GroupBy(i => m.Problem.Dossiers[i].OrganisationId).Where(g => g.Count() > 1))
                cp.AddAtMostOne(group.Select(i => x[i]));
        return (cp, x);
    }

    private static void Enforce(Constraint constraint, ILiteral? literal)
    {
        if (literal is not null) constraint.OnlyEnforceIf(literal);
    }

    internal static (CpSolverStatus, CpSolver) Run(CpModel cp, double seconds, int workers)
    {
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{Math.Max(0.1, seconds)} num_workers:{workers} random_seed:7 {Portfolio(workers)}"),
        };
        return (solver.Solve(cp), solver);
    }

    /// <summary>
    /// With two workers, CP-SAT's default pair spends one on pure search; budget selection is a knapsack whose proof
    /// needs the strongest LP relaxation, so one worker runs max_lp (the bound) and one quick_restart (solutions).
    /// </summary>
    private static string Portfolio(int workers) => workers == 2 ? "subsolvers:\"max_lp\" subsolvers:\"quick_restart\"" : "";

    private static List<int> Chosen(CpSolver solver, BoolVar[] x) => Enumerable.Range(0, x.Length).Where(i => solver.BooleanValue(x[i])).ToList();
}
