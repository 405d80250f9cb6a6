using CallManager.Domain.Common;

namespace CallManager.Domain.Reviews.Assignment;

/// <summary>The allowed reviewer–dossier pairs (conflicts removed) with their affinities, indexed for the solvers.</summary>
internal sealed class AssignmentGraph
{
    /// <summary>Integer affinity units per 1.0 of affinity, for the integer solvers.</summary>
    public const long Scale = 1000;

    private readonly int[] arcByPair;

    private AssignmentGraph(AssignmentProblem problem)
    {
        Problem = problem;
        arcByPair = new int[problem.Dossiers.Count * problem.Reviewers.Count];
        Array.Fill(arcByPair, -1);
        Arcs = new(arcByPair.Length);
        ArcsOfDossier = problem.Dossiers.Select(_ => new List<int>(problem.Reviewers.Count)).ToArray();
        ArcsOfReviewer = problem.Reviewers.Select(_ => new List<int>(problem.Dossiers.Count)).ToArray();
    }

    public AssignmentProblem Problem { get; }
    public int K => Problem.ReviewersPerDossier;
    public int DossierCount => Problem.Dossiers.Count;
    public int ReviewerCount => Problem.Reviewers.Count;
    public List<(int Dossier, int Reviewer, double Affinity, long Units)> Arcs { get; }
    public List<int>[] ArcsOfDossier { get; }
    public List<int>[] ArcsOfReviewer { get; }

    /// <summary>The arc of an allowed pair, or -1 when the pair is conflicted.</summary>
    public int ArcOf(int dossier, int reviewer) => arcByPair[dossier * ReviewerCount + reviewer];

    /// <summary>Validates the problem (refusing malformed input) and builds the allowed arcs in input order.</summary>
    public static AssignmentGraph Build(AssignmentProblem problem, AffinityWeights weights)
    {
        var dossierIndex = Index(problem.Dossiers.Select(d => d.Id), "dossier");
        var reviewerIndex = Index(problem.Reviewers.Select(r => r.Id), "reviewer");
        Validate(problem);
        var reviewerCount = problem.Reviewers.Count;
        var forbidden = new bool[problem.Dossiers.Count * reviewerCount];
        foreach (var c in problem.Conflicts ?? [])
            forbidden[Lookup(dossierIndex, c.DossierId, "dossier") * reviewerCount + Lookup(reviewerIndex, c.ReviewerId, "reviewer")] = true;
        var bids = new Dictionary<int, Bid>();
        foreach (var b in problem.Bids ?? [])
            bids[Lookup(dossierIndex, b.DossierId, "dossier") * reviewerCount + Lookup(reviewerIndex, b.ReviewerId, "reviewer")] = b.Bid;

        var graph = new AssignmentGraph(problem);
        var themes = new ThemeSets(problem);
        var noBid = weights.ForBid(null);
        for (var d = 0; d < problem.Dossiers.Count; d++)
        {
            for (var r = 0; r < reviewerCount; r++)
            {
                var pair = d * reviewerCount + r;
                if (problem.Reviewers[r].MaxLoad == 0 || forbidden[pair]) continue;
                var bonus = bids.Count > 0 && bids.TryGetValue(pair, out var bid) ? weights.ForBid(bid) : noBid;
                graph.Add(d, r, weights.Expertise * themes.Match(d, r) + bonus);
            }
        }
        return graph;
    }

    private void Add(int dossier, int reviewer, double affinity)
    {
        var units = (long)Math.Round(affinity * Scale);
        arcByPair[dossier * ReviewerCount + reviewer] = Arcs.Count;
        ArcsOfDossier[dossier].Add(Arcs.Count);
        ArcsOfReviewer[reviewer].Add(Arcs.Count);
        Arcs.Add((dossier, reviewer, units / (double)Scale, units));
    }

    private static void Validate(AssignmentProblem problem)
    {
        if (problem.ReviewersPerDossier < 1)
            throw DomainException.Invalid($"Reviewers per dossier must be at least 1 (got {problem.ReviewersPerDossier}).");
        foreach (var r in problem.Reviewers.Where(r => r.MinLoad < 0 || r.MaxLoad < r.MinLoad))
            throw DomainException.Invalid($"Reviewer {r.Id} has a load range {r.MinLoad}..{r.MaxLoad}: the minimum must be 0 or more and not above the maximum.");
    }

    private static Dictionary<string, int> Index(IEnumerable<string> ids, string kind)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ids)
            if (!index.TryAdd(id, index.Count)) throw DomainException.Invalid($"The {kind} id {id} appears twice.");
        return index;
    }

    private static int Lookup(Dictionary<string, int> index, string id, string kind) =>
        index.TryGetValue(id, out var i) ? i : throw DomainException.Invalid($"Unknown {kind} {id} in a conflict or a bid.");
}
