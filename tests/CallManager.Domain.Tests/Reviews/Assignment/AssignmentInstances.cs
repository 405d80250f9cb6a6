using CallManager.Domain.Reviews.Assignment;

namespace CallManager.Domain.Tests.Reviews.Assignment;

/// <summary>Small generated instances and a brute-force optimum for the assignment tests.</summary>
internal static class AssignmentInstances
{
    public static AssignmentProblem Random(int seed, int dossiers, int reviewers, int k, int maxLoad, double conflictShare, int minLoad = 0)
    {
        var random = new Random(seed);
        string[] themes = ["a", "b", "c", "d"];
        var ds = Enumerable.Range(1, dossiers)
            .Select(i => new AssignmentApplication($"D{i}", themes.Where(_ => random.NextDouble() < 0.5).ToList())).ToList();
        var rs = Enumerable.Range(1, reviewers)
            .Select(i => new AssignmentReviewer($"R{i}", themes.Where(_ => random.NextDouble() < 0.5).ToList(), minLoad, maxLoad)).ToList();
        var conflicts = ds.SelectMany(d => rs.Select(r => new ForbiddenPair(r.Id, d.Id))).Where(_ => random.NextDouble() < conflictShare).ToList();
        Bid[] bids = [Bid.Eager, Bid.Willing, Bid.NotWilling];
        var bidList = ds.SelectMany(d => rs.Select(r => (d, r))).Where(_ => random.NextDouble() < 0.3)
            .Select(p => new ReviewerBid(p.r.Id, p.d.Id, bids[random.Next(3)])).ToList();
        return new AssignmentProblem(ds, rs, k, conflicts, bidList);
    }

    /// <summary>The affinity of a pair, written independently of the solver from the documented rule (in thousandths).</summary>
    public static double Affinity(AssignmentProblem p, AssignmentApplication d, AssignmentReviewer r)
    {
        var match = d.Themes.Count == 0 ? 0 : (double)d.Themes.Count(r.Themes.Contains) / d.Themes.Count;
        var bid = p.Bids?.LastOrDefault(b => b.DossierId == d.Id && b.ReviewerId == r.Id)?.Bid;
        return Math.Round(match + bid switch { Bid.Eager => 0.5, Bid.Willing => 0.2, Bid.NotWilling => -0.5, _ => 0 }, 3);
    }

    /// <summary>Best total affinity over every complete assignment (null when none), by exhaustive search.</summary>
    public static double? BruteForceOptimum(AssignmentProblem p)
    {
        var conflicts = (p.Conflicts ?? []).Select(c => (c.DossierId, c.ReviewerId)).ToHashSet();
        var loads = new int[p.Reviewers.Count];
        double? best = null;
        void Search(int d, double total)
        {
            if (d == p.Dossiers.Count)
            {
                if (p.Reviewers.Select((r, i) => loads[i] >= r.MinLoad).All(ok => ok) && (best is null || total > best + 1e-9)) best = total;
                return;
            }
            var allowed = Enumerable.Range(0, p.Reviewers.Count)
                .Where(r => !conflicts.Contains((p.Dossiers[d].Id, p.Reviewers[r].Id))).ToList();
            foreach (var subset in Subsets(allowed, p.ReviewersPerDossier))
            {
                if (subset.Any(r => loads[r] >= p.Reviewers[r].MaxLoad)) continue;
                foreach (var r in subset) loads[r]++;
                Search(d + 1, total + subset.Sum(r => Affinity(p, p.Dossiers[d], p.Reviewers[r])));
                foreach (var r in subset) loads[r]--;
            }
        }
        Search(0, 0);
        return best;
    }

    /// <summary>The LP relaxation's optimum over every allowed pair (GLOP), built from the instance independently of the solver.</summary>
    public static double LpOptimum(AssignmentProblem p)
    {
        using var lp = Google.OrTools.LinearSolver.Solver.CreateSolver("GLOP");
        var conflicts = (p.Conflicts ?? []).Select(c => (c.DossierId, c.ReviewerId)).ToHashSet();
        var perReviewer = p.Reviewers.Select(r => lp.MakeConstraint(r.MinLoad, r.MaxLoad)).ToArray();
        foreach (var d in p.Dossiers)
        {
            var perDossier = lp.MakeConstraint(p.ReviewersPerDossier, p.ReviewersPerDossier);
            for (var r = 0; r < p.Reviewers.Count; r++)
            {
                if (conflicts.Contains((d.Id, p.Reviewers[r].Id))) continue;
                var x = lp.MakeNumVar(0, 1, "");
                perDossier.SetCoefficient(x, 1);
                perReviewer[r].SetCoefficient(x, 1);
                lp.Objective().SetCoefficient(x, Affinity(p, d, p.Reviewers[r]));
            }
        }
        lp.Objective().SetMaximization();
        Assert.Equal(Google.OrTools.LinearSolver.Solver.ResultStatus.OPTIMAL, lp.Solve());
        return lp.Objective().Value();
    }

    private static IEnumerable<List<int>> Subsets(List<int> items, int size, int start = 0)
    {
        if (size == 0) { yield return []; yield break; }
        for (var i = start; i <= items.Count - size; i++)
            foreach (var rest in Subsets(items, size - 1, i + 1))
                yield return [items[i], .. rest];
    }
}
