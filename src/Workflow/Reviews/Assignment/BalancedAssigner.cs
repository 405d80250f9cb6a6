namespace CallManager.Workflow.Reviews.Assignment;

/// <summary>The balanced baseline: dossier by dossier, the least-loaded non-conflicted reviewers (best affinity on ties).</summary>
/// <remarks>Ignores minimum loads; reports unfilled slots rather than failing.</remarks>
public sealed class BalancedAssigner : IReviewerAssigner
{
    /// <inheritdoc />
    public AssignmentResult Assign(AssignmentProblem problem, AssignmentOptions? options = null) =>
        Run(AssignmentGraph.Build(problem, (options ?? AssignmentOptions.Default).Weights));

    internal static AssignmentResult Run(AssignmentGraph graph)
    {
        var arcs = Choose(graph);
        var missing = graph.K * graph.DossierCount - arcs.Count;
        var reasons = missing == 0 ? [] : FeasibilityDiagnosis.Explain(graph);
        if (missing > 0 && reasons.Count == 0) reasons = [$"The greedy baseline left {missing} slots empty although a complete assignment exists."];
        var report = AssignmentEvaluation.Report(graph, arcs, "balanced", reasons);
        return new AssignmentResult(AssignmentEvaluation.Pairs(graph, arcs), report);
    }

    internal static List<int> Choose(AssignmentGraph graph)
    {
        var loads = new int[graph.ReviewerCount];
        var chosen = new List<int>();
        for (var d = 0; d < graph.DossierCount; d++)
        {
            var picks = graph.ArcsOfDossier[d]
                .Where(a => loads[graph.Arcs[a].Reviewer] < graph.Problem.Reviewers[graph.Arcs[a].Reviewer].MaxLoad)
                .OrderBy(a => loads[graph.Arcs[a].Reviewer]).ThenByDescending(a => graph.Arcs[a].Units).ThenBy(a => graph.Arcs[a].Reviewer)
                .Take(graph.K);
            foreach (var a in picks)
            {
                loads[graph.Arcs[a].Reviewer]++;
                chosen.Add(a);
            }
        }
        return chosen;
    }
}
