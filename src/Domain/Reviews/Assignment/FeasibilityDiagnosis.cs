using CallManager.Domain.Common;
using Google.OrTools.Graph;

namespace CallManager.Domain.Reviews.Assignment;

/// <summary>
/// Says in plain words which constraint makes a complete assignment impossible: translatable sentences whose dossier and
/// reviewer ids and figures are values (so callers can show names instead of ids).
/// </summary>
internal static class FeasibilityDiagnosis
{
    private const int Listed = 5;

    /// <summary>One sentence per blocking constraint, simplest first; empty when a complete assignment exists.</summary>
    public static IReadOnlyList<LocalizableText> Explain(AssignmentGraph graph)
    {
        var p = graph.Problem;
        var k = graph.K;
        var slots = (long)k * graph.DossierCount;
        var reasons = new List<LocalizableText>();
        for (var d = 0; d < graph.DossierCount; d++)
            if (graph.ArcsOfDossier[d].Count < k)
                reasons.Add($"Dossier {p.Dossiers[d].Id} has only {graph.ArcsOfDossier[d].Count} non-conflicted reviewers for {k} slots.");
        var capacity = p.Reviewers.Sum(r => (long)r.MaxLoad);
        if (capacity < slots) reasons.Add($"Total capacity {capacity} < {slots} slots: raise maximum loads or invite more reviewers.");
        var floor = p.Reviewers.Sum(r => (long)r.MinLoad);
        if (floor > slots) reasons.Add($"Minimum loads add up to {floor} > {slots} slots: lower the minimum loads.");
        for (var r = 0; r < graph.ReviewerCount; r++)
            if (graph.ArcsOfReviewer[r].Count < p.Reviewers[r].MinLoad)
                reasons.Add($"Reviewer {p.Reviewers[r].Id} has a minimum load of {p.Reviewers[r].MinLoad} but only {graph.ArcsOfReviewer[r].Count} dossiers without conflict.");
        if (reasons.Count > 0) return reasons;

        if (DossierWitness(graph) is { } tooFewReviewers) return [tooFewReviewers];
        if (ReviewerWitness(graph) is { } tooFewDossiers) return [tooFewDossiers];
        return Feasible(graph) ? [] :
            [$"The minimum loads cannot be met while every dossier gets exactly {k} reviewers and no reviewer exceeds their maximum load."];
    }

    private static LocalizableText? DossierWitness(AssignmentGraph g)
    {
        var edges = g.Arcs.Select(a => (Left: a.Dossier, Right: a.Reviewer)).ToList();
        var demand = Enumerable.Repeat((long)g.K, g.DossierCount).ToArray();
        var caps = g.Problem.Reviewers.Select(r => (long)r.MaxLoad).ToArray();
        if (HallWitness(demand, caps, edges) is not var (left, right, supplied)) return null;
        return $"Dossiers {Names(left.Select(d => g.Problem.Dossiers[d].Id))} need {left.Count * g.K} reviews together, " +
               $"but their non-conflicted reviewers ({Names(right.Select(r => g.Problem.Reviewers[r].Id))}) can give at most {supplied} within their maximum loads.";
    }

    private static LocalizableText? ReviewerWitness(AssignmentGraph g)
    {
        var edges = g.Arcs.Select(a => (Left: a.Reviewer, Right: a.Dossier)).ToList();
        var demand = g.Problem.Reviewers.Select(r => (long)r.MinLoad).ToArray();
        var caps = Enumerable.Repeat((long)g.K, g.DossierCount).ToArray();
        if (HallWitness(demand, caps, edges) is not var (left, right, supplied)) return null;
        return $"Reviewers {Names(left.Select(r => g.Problem.Reviewers[r].Id))} need {left.Sum(r => g.Problem.Reviewers[r].MinLoad)} dossiers together (minimum loads), " +
               $"but the dossiers they may review ({Names(right.Select(d => g.Problem.Dossiers[d].Id))}) offer at most {supplied} slots.";
    }

    /// <summary>
    /// Max flow from right nodes (capacities) to left nodes (demands); when a demand cannot be met, the left nodes reached
    /// backwards from an unmet one through the residual graph form a Hall violator: their total demand exceeds what can flow in.
    /// </summary>
    private static (List<int> Left, List<int> Right, long Supplied)? HallWitness(long[] demand, long[] caps, List<(int Left, int Right)> edges)
    {
        int source = 0, sink = 1, rightBase = 2, leftBase = 2 + caps.Length;
        var flow = new MaxFlow();
        for (var r = 0; r < caps.Length; r++) flow.AddArcWithCapacity(source, rightBase + r, caps[r]);
        var edgeArcs = edges.Select(e => flow.AddArcWithCapacity(rightBase + e.Right, leftBase + e.Left, 1)).ToArray();
        var demandArcs = demand.Select((dem, l) => flow.AddArcWithCapacity(leftBase + l, sink, dem)).ToArray();
        if (flow.Solve(source, sink) != MaxFlow.Status.OPTIMAL || flow.OptimalFlow() == demand.Sum()) return null;

        var edgesOfLeft = edges.Select((e, i) => (e, i)).ToLookup(x => x.e.Left, x => x.i);
        var edgesOfRight = edges.Select((e, i) => (e, i)).ToLookup(x => x.e.Right, x => x.i);
        var left = new HashSet<int>(demand.Select((_, l) => l).Where(l => flow.Flow(demandArcs[l]) < demand[l]));
        var right = new HashSet<int>();
        var queue = new Queue<int>(left);
        while (queue.TryDequeue(out var l))
            foreach (var e in edgesOfLeft[l].Where(e => flow.Flow(edgeArcs[e]) == 0 && right.Add(edges[e].Right)))
                foreach (var e2 in edgesOfRight[edges[e].Right].Where(e2 => flow.Flow(edgeArcs[e2]) == 1 && left.Add(edges[e2].Left)))
                    queue.Enqueue(edges[e2].Left);
        var supplied = left.Sum(x => flow.Flow(demandArcs[x]));
        var neighbours = left.SelectMany(x => edgesOfLeft[x]).Select(e => edges[e].Right).Distinct().Order().ToList();
        return (left.Order().ToList(), neighbours, supplied);
    }

    /// <summary>Full check with lower bounds, used only when the simpler witnesses found nothing.</summary>
    private static bool Feasible(AssignmentGraph graph) => FlowNetwork.SolveExact(graph) is not null;

    private static LocalizableText Names(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        var named = LocalizableText.Join(", ", list.Take(Listed).Select(id => LocalizableText.FromTemplate("{0}", id)));
        if (list.Count <= Listed) return named;
        return $"{named} and {list.Count - Listed} more";
    }
}
