using Glop = Google.OrTools.LinearSolver;
using Google.OrTools.Sat;

namespace CallManager.Domain.Reviews.Assignment;

/// <summary>
/// Fairness mode: CP-SAT, warm-started from the flow solution, first maximises the worst-served dossier's affinity,
/// then total affinity with that worst level kept; each stage gets half of the time limit.
/// </summary>
internal static class FairnessSearch
{
    /// <summary>Replaces <paramref name="arcs"/> by the fair solution (never worse than the flow's worst dossier) and reports.</summary>
    public static FairnessReport Improve(AssignmentGraph g, List<int> arcs, long lpUnits, long flowWorst, AssignmentOptions options)
    {
        var half = options.FairnessTimeLimit.TotalSeconds / 2;
        var (model, x, worst) = BuildModel(g);
        model.Add(worst >= flowWorst);
        Hint(model, x, arcs);
        model.Maximize(worst);
        var (status1, solver1) = Solve(model, half, options.Workers);
        var reached = status1 is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? (long)solver1.ObjectiveValue : flowWorst;
        var first = Chosen(solver1, x, status1) ?? arcs;

        model.Add(worst >= reached);
        model.ClearHints();
        Hint(model, x, first);
        model.Maximize(LinearExpr.WeightedSum(x, g.Arcs.Select(a => a.Units)));
        var (status2, solver2) = Solve(model, half, options.Workers);
        var final = Chosen(solver2, x, status2) ?? first;
        arcs.Clear();
        arcs.AddRange(final);

        var bound = WorstLpBound(g);
        var total = final.Sum(a => g.Arcs[a].Units);
        return new FairnessReport(status1.ToString().ToUpperInvariant(), reached / (double)AssignmentGraph.Scale,
            bound / AssignmentGraph.Scale, bound == 0 ? 0 : 100 * (bound - reached) / Math.Abs(bound),
            flowWorst / (double)AssignmentGraph.Scale, (lpUnits - total) / (double)AssignmentGraph.Scale);
    }

    private static (CpModel Model, BoolVar[] X, IntVar Worst) BuildModel(AssignmentGraph g)
    {
        var model = new CpModel();
        var x = g.Arcs.Select((_, i) => model.NewBoolVar($"x{i}")).ToArray();
        var maxServed = g.Arcs.Select(a => Math.Abs(a.Units)).DefaultIfEmpty().Max() * g.K;
        var worst = model.NewIntVar(-maxServed, maxServed, "worst");
        for (var d = 0; d < g.DossierCount; d++)
        {
            var mine = g.ArcsOfDossier[d];
            model.Add(LinearExpr.Sum(mine.Select(a => x[a])) == g.K);
            model.Add(LinearExpr.WeightedSum(mine.Select(a => x[a]), mine.Select(a => g.Arcs[a].Units)) >= worst);
        }
        for (var r = 0; r < g.ReviewerCount; r++)
        {
            var load = LinearExpr.Sum(g.ArcsOfReviewer[r].Select(a => x[a]));
            model.AddLinearConstraint(load, g.Problem.Reviewers[r].MinLoad, g.Problem.Reviewers[r].MaxLoad);
        }
        return (model, x, worst);
    }

    private static void Hint(CpModel model, BoolVar[] x, List<int> arcs)
    {
        var on = new HashSet<int>(arcs);
        for (var a = 0; a < x.Length; a++) model.AddHint(x[a], on.Contains(a));
    }

    private static (CpSolverStatus, CpSolver) Solve(CpModel model, double seconds, int workers)
    {
        var solver = new CpSolver
        {
            StringParameters = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{seconds} num_workers:{workers} random_seed:7"),
        };
        return (solver.Solve(model), solver);
    }

    private static List<int>? Chosen(CpSolver solver, BoolVar[] x, CpSolverStatus status) =>
        status is CpSolverStatus.Optimal or CpSolverStatus.Feasible
            ? Enumerable.Range(0, x.Length).Where(a => solver.BooleanValue(x[a])).ToList()
            : null;

    /// <summary>The LP relaxation's bound on the worst-served dossier's affinity (GLOP), in affinity units.</summary>
    private static double WorstLpBound(AssignmentGraph g)
    {
        using var lp = Glop.Solver.CreateSolver("GLOP");
        var x = g.Arcs.Select((_, i) => lp.MakeNumVar(0, 1, $"x{i}")).ToArray();
        var worst = lp.MakeNumVar(double.NegativeInfinity, double.PositiveInfinity, "worst");
        for (var d = 0; d < g.DossierCount; d++)
        {
            var count = lp.MakeConstraint(g.K, g.K);
            var served = lp.MakeConstraint(0, double.PositiveInfinity);
            served.SetCoefficient(worst, -1);
            foreach (var a in g.ArcsOfDossier[d])
            {
                count.SetCoefficient(x[a], 1);
                served.SetCoefficient(x[a], g.Arcs[a].Units);
            }
        }
        for (var r = 0; r < g.ReviewerCount; r++)
        {
            var load = lp.MakeConstraint(g.Problem.Reviewers[r].MinLoad, g.Problem.Reviewers[r].MaxLoad);
            foreach (var a in g.ArcsOfReviewer[r]) load.SetCoefficient(x[a], 1);
        }
        lp.Objective().SetCoefficient(worst, 1);
        lp.Objective().SetMaximization();
        return lp.Solve() == Glop.Solver.ResultStatus.OPTIMAL ? lp.Objective().Value() : double.NaN;
    }
}
