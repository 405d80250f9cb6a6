using Google.OrTools.Graph;

namespace CallManager.Domain.Reviews.Assignment;

/// <summary>
/// The assignment as a min-cost flow: source → reviewer (load between min and max) → dossier (exactly k), each
/// allowed pair an arc of capacity 1 whose cost is minus its affinity. Minimum loads become node supplies.
/// </summary>
internal static class FlowNetwork
{
    /// <summary>Rounds of pricing before falling back to every pair (a round usually suffices).</summary>
    private const int PricingRounds = 10;

    /// <summary>
    /// The optimal complete assignment (its arcs and total affinity units), or null when none exists. The flow is first
    /// solved over each dossier's and each reviewer's best pairs; node potentials then price every other pair, priced-in
    /// pairs are added and the flow solved again, until no pair can improve it: the result is optimal over all pairs.
    /// </summary>
    public static (List<int> Arcs, long Units)? SolveExact(AssignmentGraph g)
    {
        var floor = g.Problem.Reviewers.Sum(r => (long)r.MinLoad);
        if (floor > (long)g.K * g.DossierCount) return null;
        var candidates = FlowPricing.Candidates(g);
        for (var round = 0; round < PricingRounds && candidates.Count < g.Arcs.Count; round++)
        {
            if (SolveOn(g, candidates) is not { } chosen) break;
            if (FlowPricing.Improving(g, candidates, chosen) is not { } priced) break;
            if (priced.Count == 0) return Collect(g, chosen);
            candidates.AddRange(priced);
        }
        return SolveOn(g, Enumerable.Range(0, g.Arcs.Count).ToList()) is { } all ? Collect(g, all) : null;
    }

    /// <summary>As many filled slots as possible (minimum loads ignored), then the most affinity.</summary>
    public static (List<int> Arcs, long Units) SolveMostFilled(AssignmentGraph g)
    {
        var slots = (long)g.K * g.DossierCount;
        var arcs = Enumerable.Range(0, g.Arcs.Count).ToList();
        var (flow, pairArcs) = Build(g, arcs, r => g.Problem.Reviewers[r].MaxLoad);
        flow.SetNodeSupply(0, slots);
        for (var d = 0; d < g.DossierCount; d++) flow.SetNodeSupply(1 + g.ReviewerCount + d, -g.K);
        flow.SolveMaxFlowWithMinCost();
        return Collect(g, Chosen(flow, pairArcs, arcs));
    }

    /// <summary>The arcs carrying flow in the optimal complete assignment over <paramref name="arcs"/> only, or null when none exists.</summary>
    private static List<int>? SolveOn(AssignmentGraph g, List<int> arcs)
    {
        var reviewers = g.Problem.Reviewers;
        var floor = reviewers.Sum(r => (long)r.MinLoad);
        var (flow, pairArcs) = Build(g, arcs, r => reviewers[r].MaxLoad - reviewers[r].MinLoad);
        flow.SetNodeSupply(0, (long)g.K * g.DossierCount - floor);
        for (var r = 0; r < g.ReviewerCount; r++) flow.SetNodeSupply(1 + r, reviewers[r].MinLoad);
        for (var d = 0; d < g.DossierCount; d++) flow.SetNodeSupply(1 + g.ReviewerCount + d, -g.K);
        return flow.Solve() == MinCostFlowBase.Status.OPTIMAL ? Chosen(flow, pairArcs, arcs) : null;
    }

    private static (MinCostFlow Flow, int[] PairArcs) Build(AssignmentGraph g, List<int> arcs, Func<int, long> sourceCapacity)
    {
        var flow = new MinCostFlow(1 + g.ReviewerCount + g.DossierCount, g.ReviewerCount + arcs.Count);
        for (var r = 0; r < g.ReviewerCount; r++) flow.AddArcWithCapacityAndUnitCost(0, 1 + r, sourceCapacity(r), 0);
        var pairArcs = new int[arcs.Count];
        for (var i = 0; i < arcs.Count; i++)
        {
            var (d, r, _, units) = g.Arcs[arcs[i]];
            pairArcs[i] = flow.AddArcWithCapacityAndUnitCost(1 + r, 1 + g.ReviewerCount + d, 1, -units);
        }
        return (flow, pairArcs);
    }

    private static List<int> Chosen(MinCostFlow flow, int[] pairArcs, List<int> arcs)
    {
        var chosen = new List<int>();
        for (var i = 0; i < pairArcs.Length; i++)
            if (flow.Flow(pairArcs[i]) != 0) chosen.Add(arcs[i]);
        chosen.Sort();
        return chosen;
    }

    private static (List<int> Arcs, long Units) Collect(AssignmentGraph g, List<int> chosen)
    {
        long units = 0;
        foreach (var a in chosen) units += g.Arcs[a].Units;
        return (chosen, units);
    }
}
