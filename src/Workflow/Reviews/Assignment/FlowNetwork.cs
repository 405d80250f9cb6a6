using Google.OrTools.Graph;

namespace CallManager.Workflow.Reviews.Assignment;

/// <summary>
/// The assignment as a min-cost flow: source → reviewer (load between min and max) → dossier (exactly k), each
/// allowed pair an arc of capacity 1 whose cost is minus its affinity. Minimum loads become node supplies.
/// </summary>
internal static class FlowNetwork
{
    /// <summary>The optimal complete assignment (its arcs and total affinity units), or null when none exists.</summary>
    public static (List<int> Arcs, long Units)? SolveExact(AssignmentGraph g)
    {
        var reviewers = g.Problem.Reviewers;
        var slots = (long)g.K * g.DossierCount;
        var floor = reviewers.Sum(r => (long)r.MinLoad);
        if (floor > slots) return null;
        var (flow, pairArcs) = Build(g, r => reviewers[r].MaxLoad - reviewers[r].MinLoad);
        flow.SetNodeSupply(0, slots - floor);
        for (var r = 0; r < g.ReviewerCount; r++) flow.SetNodeSupply(1 + r, reviewers[r].MinLoad);
        for (var d = 0; d < g.DossierCount; d++) flow.SetNodeSupply(1 + g.ReviewerCount + d, -g.K);
        if (flow.Solve() != MinCostFlowBase.Status.OPTIMAL) return null;
        return Collect(flow, pairArcs, g);
    }

    /// <summary>As many filled slots as possible (minimum loads ignored), then the most affinity.</summary>
    public static (List<int> Arcs, long Units) SolveMostFilled(AssignmentGraph g)
    {
        var slots = (long)g.K * g.DossierCount;
        var (flow, pairArcs) = Build(g, r => g.Problem.Reviewers[r].MaxLoad);
        flow.SetNodeSupply(0, slots);
        for (var d = 0; d < g.DossierCount; d++) flow.SetNodeSupply(1 + g.ReviewerCount + d, -g.K);
        flow.SolveMaxFlowWithMinCost();
        return Collect(flow, pairArcs, g);
    }

    private static (MinCostFlow Flow, int[] PairArcs) Build(AssignmentGraph g, Func<int, long> sourceCapacity)
    {
        var flow = new MinCostFlow(1 + g.ReviewerCount + g.DossierCount, g.ReviewerCount + g.Arcs.Count);
        for (var r = 0; r < g.ReviewerCount; r++) flow.AddArcWithCapacityAndUnitCost(0, 1 + r, sourceCapacity(r), 0);
        var pairArcs = new int[g.Arcs.Count];
        for (var a = 0; a < g.Arcs.Count; a++)
        {
            var (d, r, _, units) = g.Arcs[a];
            pairArcs[a] = flow.AddArcWithCapacityAndUnitCost(1 + r, 1 + g.ReviewerCount + d, 1, -units);
        }
        return (flow, pairArcs);
    }

    private static (List<int> Arcs, long Units) Collect(MinCostFlow flow, int[] pairArcs, AssignmentGraph g)
    {
        var chosen = new List<int>();
        long units = 0;
        for (var a = 0; a < pairArcs.Length; a++)
        {
            if (flow.Flow(pairArcs[a]) == 0) continue;
            chosen.Add(a);
            units += g.Arcs[a].Units;
        }
        return (chosen, units);
    }
}
