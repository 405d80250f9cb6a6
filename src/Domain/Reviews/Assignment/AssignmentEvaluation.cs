using CallManager.Domain.Common;

namespace CallManager.Domain.Reviews.Assignment;

/// <summary>Turns a set of chosen arcs into assignments and the report's figures.</summary>
internal static class AssignmentEvaluation
{
    /// <summary>The chosen pairs, in dossier then reviewer order.</summary>
    public static IReadOnlyList<ReviewerAssignment> Pairs(AssignmentGraph graph, IEnumerable<int> arcs) => arcs
        .Select(a => graph.Arcs[a]).OrderBy(a => a.Dossier).ThenBy(a => a.Reviewer)
        .Select(a => new ReviewerAssignment(graph.Problem.Dossiers[a.Dossier].Id, graph.Problem.Reviewers[a.Reviewer].Id, a.Affinity))
        .ToList();

    /// <summary>The report's figures for the chosen arcs; feasibility, bounds and comparisons are added by the caller.</summary>
    public static AssignmentReport Report(AssignmentGraph graph, IReadOnlyCollection<int> arcs, string method, IReadOnlyList<LocalizableText> infeasibilities)
    {
        var loads = new int[graph.ReviewerCount];
        var served = new long[graph.DossierCount];
        foreach (var a in arcs)
        {
            loads[graph.Arcs[a].Reviewer]++;
            served[graph.Arcs[a].Dossier] += graph.Arcs[a].Units;
        }
        var worst = WorstDossier(served);
        var reviewers = graph.Problem.Reviewers;
        var loadIssues = new List<LocalizableText>();
        for (var i = 0; i < reviewers.Count; i++)
            if (loads[i] < reviewers[i].MinLoad)
                loadIssues.Add($"Reviewer {reviewers[i].Id} has {loads[i]} dossiers, below the minimum load of {reviewers[i].MinLoad}.");
        return new AssignmentReport
        {
            Method = method,
            Feasible = arcs.Count == graph.K * graph.DossierCount && loadIssues.Count == 0 && infeasibilities.Count == 0,
            Infeasibilities = infeasibilities.Count > 0 ? infeasibilities : loadIssues,
            TotalAffinity = arcs.Sum(a => graph.Arcs[a].Units) / (double)AssignmentGraph.Scale,
            FilledSlots = arcs.Count,
            TotalSlots = graph.K * graph.DossierCount,
            LoadPerReviewer = reviewers.Select((r, i) => (r.Id, loads[i])).ToDictionary(x => x.Id, x => x.Item2),
            WorstDossierId = worst < 0 ? null : graph.Problem.Dossiers[worst].Id,
            WorstDossierAffinity = worst < 0 ? 0 : served[worst] / (double)AssignmentGraph.Scale,
            Components = Components(graph, arcs),
        };
    }

    /// <summary>Summed affinity units per dossier.</summary>
    public static long[] Served(AssignmentGraph graph, IEnumerable<int> arcs)
    {
        var served = new long[graph.DossierCount];
        foreach (var a in arcs) served[graph.Arcs[a].Dossier] += graph.Arcs[a].Units;
        return served;
    }

    /// <summary>Connected components of the graph made of the chosen pairs, over dossiers and reviewers with at least one pair.</summary>
    public static int Components(AssignmentGraph graph, IEnumerable<int> arcs)
    {
        var sets = new UnionFind(graph.DossierCount + graph.ReviewerCount);
        var used = new HashSet<int>();
        foreach (var a in arcs)
        {
            var (d, r, _, _) = graph.Arcs[a];
            sets.Union(d, graph.DossierCount + r);
            used.Add(d);
            used.Add(graph.DossierCount + r);
        }
        return used.Select(sets.Find).Distinct().Count();
    }

    private static int WorstDossier(long[] served)
    {
        var worst = -1;
        for (var d = 0; d < served.Length; d++)
            if (worst < 0 || served[d] < served[worst]) worst = d;
        return worst;
    }
}

/// <summary>Disjoint sets with path halving, for connectivity checks.</summary>
internal sealed class UnionFind(int size)
{
    private readonly int[] parent = Enumerable.Range(0, size).ToArray();

    public int Find(int x)
    {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }

    public void Union(int a, int b) => parent[Find(a)] = Find(b);
}
