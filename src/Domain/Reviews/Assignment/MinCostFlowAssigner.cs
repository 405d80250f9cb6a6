namespace CallManager.Domain.Reviews.Assignment;

/// <summary>
/// Optimal assignment by OR-Tools min-cost flow: exactly k reviewers per dossier, loads within bounds, conflicts never
/// paired, total affinity maximal (the LP bound is reached: the flow model is totally unimodular). Optionally refined
/// for fairness by CP-SAT and kept connected for calibration.
/// </summary>
public sealed class MinCostFlowAssigner : IReviewerAssigner
{
    /// <inheritdoc />
    public AssignmentResult Assign(AssignmentProblem problem, AssignmentOptions? options = null)
    {
        options ??= AssignmentOptions.Default;
        var graph = AssignmentGraph.Build(problem, options.Weights);
        var result = FlowNetwork.SolveExact(graph) is { } exact ? Complete(graph, exact.Arcs, exact.Units, options) : Partial(graph);
        if (!options.CompareWithBaseline) return result;
        var baseline = BalancedAssigner.Run(graph).Report;
        return result with { Report = result.Report with { Baseline = baseline } };
    }

    private static AssignmentResult Complete(AssignmentGraph graph, List<int> arcs, long lpUnits, AssignmentOptions options)
    {
        var flowWorst = AssignmentEvaluation.Served(graph, arcs).DefaultIfEmpty().Min();
        var fairness = options.Fairness ? FairnessSearch.Improve(graph, arcs, lpUnits, flowWorst, options) : null;
        var swaps = options.KeepConnected ? ConnectivityRepair.Connect(graph, arcs) : 0;
        var report = AssignmentEvaluation.Report(graph, arcs, options.Fairness ? "fairness" : "min-cost-flow", []) with
        {
            LpBound = lpUnits / (double)AssignmentGraph.Scale,
            ConnectivitySwaps = swaps,
            Fairness = fairness,
        };
        return new AssignmentResult(AssignmentEvaluation.Pairs(graph, arcs), report);
    }

    private static AssignmentResult Partial(AssignmentGraph graph)
    {
        var reasons = FeasibilityDiagnosis.Explain(graph);
        var (arcs, _) = FlowNetwork.SolveMostFilled(graph);
        var report = AssignmentEvaluation.Report(graph, arcs, "min-cost-flow", reasons);
        return new AssignmentResult(AssignmentEvaluation.Pairs(graph, arcs), report);
    }
}
