namespace CallManager.Domain.Reviews.Assignment;

/// <summary>
/// Joins the components of the reviewer–dossier graph by exchanging reviewers between two dossiers of different
/// components (loads and k unchanged), cheapest affinity loss first, so that calibration can compare every reviewer.
/// </summary>
internal static class ConnectivityRepair
{
    private const int TriesPerMerge = 50;

    /// <summary>Repairs in place; returns the number of swaps made.</summary>
    public static int Connect(AssignmentGraph g, List<int> chosen)
    {
        var swaps = 0;
        while (AssignmentEvaluation.Components(g, chosen) > 1 && TryMerge(g, chosen)) swaps++;
        return swaps;
    }

    private static bool TryMerge(AssignmentGraph g, List<int> chosen)
    {
        var before = AssignmentEvaluation.Components(g, chosen);
        var component = ComponentOfArcs(g, chosen);
        var smallest = chosen.GroupBy(a => component[a]).OrderBy(c => c.Count()).ThenBy(c => c.Key).First().Key;
        var assigned = new HashSet<int>(chosen);
        var candidates = new List<(long Loss, int Out1, int Out2, int In1, int In2)>();
        foreach (var a1 in chosen.Where(a => component[a] == smallest))
            foreach (var a2 in chosen.Where(a => component[a] != smallest))
                if (Swap(g, a1, a2, assigned) is { } swap) candidates.Add(swap);
        foreach (var s in candidates.OrderBy(c => c.Loss).ThenBy(c => c.Out1).ThenBy(c => c.Out2).Take(TriesPerMerge))
        {
            var next = chosen.Where(a => a != s.Out1 && a != s.Out2).Append(s.In1).Append(s.In2).ToList();
            if (AssignmentEvaluation.Components(g, next) >= before) continue;
            chosen.Clear();
            chosen.AddRange(next);
            return true;
        }
        return false;
    }

    private static (long, int, int, int, int)? Swap(AssignmentGraph g, int a1, int a2, HashSet<int> assigned)
    {
        var (d1, r1, _, u1) = g.Arcs[a1];
        var (d2, r2, _, u2) = g.Arcs[a2];
        int in1 = g.ArcOf(d1, r2), in2 = g.ArcOf(d2, r1);
        if (in1 < 0 || in2 < 0 || assigned.Contains(in1) || assigned.Contains(in2)) return null;
        return (u1 + u2 - g.Arcs[in1].Units - g.Arcs[in2].Units, a1, a2, in1, in2);
    }

    private static Dictionary<int, int> ComponentOfArcs(AssignmentGraph g, List<int> chosen)
    {
        var sets = new UnionFind(g.DossierCount + g.ReviewerCount);
        foreach (var a in chosen) sets.Union(g.Arcs[a].Dossier, g.DossierCount + g.Arcs[a].Reviewer);
        return chosen.ToDictionary(a => a, a => sets.Find(g.Arcs[a].Dossier));
    }
}
