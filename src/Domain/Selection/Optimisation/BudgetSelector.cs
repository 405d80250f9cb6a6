using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace CallManager.Domain.Selection.Optimisation;

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
        var (status, chosen, bound) = SelectionSearch.Solve(model, options);
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

    /// <summary>
    /// The CP-SAT model over the free dossiers (<paramref name="fixings"/>: -1 free, 0 out, 1 in; by default every fundable
    /// dossier is free); fixed dossiers enter the constraints as constants. <paramref name="enforce"/> may attach an
    /// assumption literal to each bound (for infeasibility cores).
    /// </summary>
    internal static (CpModel Model, BoolVar?[] X) Build(SelectionModel m, sbyte[]? fixings = null, Func<string, ILiteral?>? enforce = null, CpModel? into = null)
    {
        var cp = into ?? new CpModel();
        fixings ??= SelectionReduction.Unfixed(m);
        var x = new BoolVar?[m.Count];
        for (var i = 0; i < m.Count; i++)
            if (fixings[i] < 0) x[i] = cp.NewBoolVar($"x{i}");
        Enforce(cp.Add(Sum(x, fixings, Enumerable.Range(0, m.Count), m.AmountUnits) <= m.BudgetUnits), enforce?.Invoke("budget"));
        foreach (var (quota, members) in m.Quotas)
        {
            var count = Sum(x, fixings, members);
            if (quota.Min is { } min) Enforce(cp.Add(count >= min), enforce?.Invoke($"min:{quota.Label}"));
            if (quota.Max is { } max) Enforce(cp.Add(count <= max), enforce?.Invoke($"max:{quota.Label}"));
        }
        if (m.Problem.OneGrantPerOrganisation)
            foreach (var group in SelectionReduction.Groups(m).Where(g => g.Count > 1))
            {
                var free = group.Where(i => x[i] is not null).Select(i => x[i]!).ToList();
                var taken = group.Count(i => fixings[i] == 1);
                if (taken == 0 && free.Count > 1) cp.AddAtMostOne(free);
                else if (taken > 0 && (free.Count > 0 || taken > 1)) cp.Add(LinearExpr.Sum(free) <= 1 - taken);
            }
        return (cp, x);
    }

    /// <summary>The weighted count of the given dossiers: free ones as variables, fixed-in ones as a constant.</summary>
    internal static LinearExpr Sum(BoolVar?[] x, sbyte[] fixings, IEnumerable<int> items, long[]? weights = null)
    {
        var (vars, coefficients) = (new List<BoolVar>(), new List<long>());
        long constant = 0;
        foreach (var i in items)
        {
            var w = weights?[i] ?? 1;
            if (x[i] is { } v) { vars.Add(v); coefficients.Add(w); }
            else if (fixings[i] == 1) constant += w;
        }
        return LinearExpr.WeightedSum(vars, coefficients) + constant;
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
}
