namespace CallManager.Domain.Reviews.Assignment;

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
        var chosen = new List<int>(graph.K * graph.DossierCount);
        for (var d = 0; d < graph.DossierCount; d++)
        {
            var first = chosen.Count;
            for (var slot = 0; slot < graph.K; slot++)
            {
                var pick = -1;
                foreach (var a in graph.ArcsOfDossier[d])
                    if (Open(graph, loads, a) && !Taken(chosen, first, a) && (pick < 0 || Before(graph, loads, a, pick))) pick = a;
                if (pick < 0) break;
                loads[graph.Arcs[pick].Reviewer]++;
                chosen.Add(pick);
            }
        }
        return chosen;
    }

    private static bool Open(AssignmentGraph g, int[] loads, int a) => loads[g.Arcs[a].Reviewer] < g.Problem.Reviewers[g.Arcs[a].Reviewer].MaxLoad;

    /// <summary>Least-loaded reviewer first, then best affinity, then input order.</summary>
    private static bool Before(AssignmentGraph g, int[] loads, int a, int b)
    {
        var (ra, rb) = (g.Arcs[a].Reviewer, g.Arcs[b].Reviewer);
        if (loads[ra] != loads[rb]) return loads[ra] < loads[rb];
        return g.Arcs[a].Units != g.Arcs[b].Units ? g.Arcs[a].Units > g.Arcs[b].Units : ra < rb;
    }

    private static bool Taken(List<int> chosen, int from, int arc)
    {
        for (var i = from; i < chosen.Count; i++)
            if (chosen[i] == arc) return true;
        return false;
    }
}
