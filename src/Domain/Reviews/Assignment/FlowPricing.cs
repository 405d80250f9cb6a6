namespace CallManager.Domain.Reviews.Assignment;

/// <summary>
/// Arc pricing for the assignment flow: start from each dossier's and each reviewer's best pairs, then certify the
/// flow over every pair with node potentials (shortest distances in the residual network, Bellman–Ford): a pair left
/// out whose reduced cost is negative could improve the flow and is priced in; when none is, the flow is optimal over
/// all pairs (the LP bound is reached), having solved a graph a tenth of the size.
/// </summary>
internal static class FlowPricing
{
    /// <summary>Each dossier's 7k best pairs (one pricing round usually suffices) and each reviewer's best pairs (twice the minimum load plus 2k, for feasibility).</summary>
    public static List<int> Candidates(AssignmentGraph g)
    {
        var keep = new bool[g.Arcs.Count];
        for (var d = 0; d < g.DossierCount; d++) MarkBest(g, g.ArcsOfDossier[d], 7 * g.K, keep);
        for (var r = 0; r < g.ReviewerCount; r++) MarkBest(g, g.ArcsOfReviewer[r], 2 * g.Problem.Reviewers[r].MinLoad + 2 * g.K, keep);
        var candidates = new List<int>();
        for (var a = 0; a < keep.Length; a++)
            if (keep[a]) candidates.Add(a);
        return candidates;
    }

    /// <summary>The pairs outside <paramref name="candidates"/> that would improve <paramref name="chosen"/> (empty when it is
    /// optimal over every pair), or null when no certificate could be computed.</summary>
    public static List<int>? Improving(AssignmentGraph g, List<int> candidates, List<int> chosen)
    {
        if (Potentials(g, candidates, chosen) is not { } potential) return null;
        var candidate = new bool[g.Arcs.Count];
        foreach (var a in candidates) candidate[a] = true;
        var improving = new List<int>();
        for (var a = 0; a < g.Arcs.Count; a++)
        {
            if (candidate[a]) continue;
            var (d, r, _, units) = g.Arcs[a];
            if (potential[1 + r] - units < potential[1 + g.ReviewerCount + d]) improving.Add(a);
        }
        return improving;
    }

    private static void MarkBest(AssignmentGraph g, List<int> arcs, int count, bool[] keep)
    {
        if (arcs.Count <= count)
        {
            foreach (var a in arcs) keep[a] = true;
            return;
        }
        // Best affinity first, then input order: the key packs both, so the sort is deterministic.
        var keys = new long[arcs.Count];
        for (var i = 0; i < keys.Length; i++) keys[i] = (-g.Arcs[arcs[i]].Units << 32) + arcs[i];
        Array.Sort(keys);
        for (var i = 0; i < count; i++) keep[(int)(keys[i] & 0xFFFFFFFF)] = true;
    }

    /// <summary>Shortest distances from a virtual root in the residual network of <paramref name="chosen"/> (nodes: 0 the
    /// source, 1 + r the reviewers, 1 + R + d the dossiers); null if a negative cycle shows the flow was not optimal.</summary>
    private static long[]? Potentials(AssignmentGraph g, List<int> candidates, List<int> chosen)
    {
        var nodes = 1 + g.ReviewerCount + g.DossierCount;
        var edges = ResidualEdges(g, candidates, chosen);
        var start = new int[nodes + 1];
        foreach (var e in edges) start[e.From + 1]++;
        for (var v = 0; v < nodes; v++) start[v + 1] += start[v];
        var fill = start[..nodes];
        var sorted = new (int To, long Cost)[edges.Count];
        foreach (var e in edges) sorted[fill[e.From]++] = (e.To, e.Cost);

        var distance = new long[nodes];
        var queued = new bool[nodes];
        var pops = new int[nodes];
        var queue = new Queue<int>(Enumerable.Range(0, nodes));
        Array.Fill(queued, true);
        while (queue.TryDequeue(out var u))
        {
            queued[u] = false;
            if (++pops[u] > nodes) return null;
            for (var i = start[u]; i < start[u + 1]; i++)
            {
                var (v, cost) = sorted[i];
                if (distance[u] + cost >= distance[v]) continue;
                distance[v] = distance[u] + cost;
                if (!queued[v]) { queued[v] = true; queue.Enqueue(v); }
            }
        }
        return distance;
    }

    private static List<(int From, int To, long Cost)> ResidualEdges(AssignmentGraph g, List<int> candidates, List<int> chosen)
    {
        var on = new bool[g.Arcs.Count];
        var load = new int[g.ReviewerCount];
        foreach (var a in chosen) { on[a] = true; load[g.Arcs[a].Reviewer]++; }
        var edges = new List<(int From, int To, long Cost)>(2 * g.ReviewerCount + candidates.Count);
        for (var r = 0; r < g.ReviewerCount; r++)
        {
            var (min, max) = (g.Problem.Reviewers[r].MinLoad, g.Problem.Reviewers[r].MaxLoad);
            if (load[r] < max) edges.Add((0, 1 + r, 0));
            if (load[r] > min) edges.Add((1 + r, 0, 0));
        }
        foreach (var a in candidates)
        {
            var (d, r, _, units) = g.Arcs[a];
            var (reviewer, dossier) = (1 + r, 1 + g.ReviewerCount + d);
            edges.Add(on[a] ? (dossier, reviewer, units) : (reviewer, dossier, -units));
        }
        return edges;
    }
}
