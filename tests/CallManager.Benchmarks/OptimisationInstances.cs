using CallManager.Domain.Reviews.Assignment;
using CallManager.Domain.Selection.Calibration;
using CallManager.Domain.Selection.Optimisation;

namespace CallManager.Benchmarks;

/// <summary>Generated instances for the optimisation benchmark; every generator takes a fixed seed.</summary>
internal static class OptimisationInstances
{
    /// <summary>
    /// Dossiers carry 1–3 themes drawn from a Zipf-skewed distribution over 20 topics (a few topics are very popular);
    /// reviewers carry 3–6 themes drawn from a flatter distribution, so expertise in popular topics is scarce.
    /// </summary>
    public static AssignmentProblem Assignment(int seed, int dossiers, int reviewers, int k, double conflictShare)
    {
        var random = new Random(seed);
        var topics = Enumerable.Range(0, 20).Select(t => $"topic{t}").ToArray();
        var skewed = topics.Select((_, t) => 1 / Math.Pow(t + 1, 1.2)).ToArray();
        var flat = topics.Select((_, t) => 1 / Math.Pow(t + 1, 0.3)).ToArray();
        var ds = Enumerable.Range(1, dossiers).Select(i => new AssignmentApplication($"D{i}", Draw(random, topics, skewed, random.Next(1, 4)))).ToList();
        var slots = dossiers * k;
        var maxLoad = (int)Math.Ceiling(1.25 * slots / reviewers);
        var minLoad = slots / reviewers / 2;
        var rs = Enumerable.Range(1, reviewers)
            .Select(i => new AssignmentReviewer($"R{i}", Draw(random, topics, flat, random.Next(3, 7)), minLoad, maxLoad)).ToList();
        var conflicts = new List<ForbiddenPair>();
        foreach (var d in ds)
            foreach (var r in rs)
                if (random.NextDouble() < conflictShare) conflicts.Add(new ForbiddenPair(r.Id, d.Id));
        return new AssignmentProblem(ds, rs, k, conflicts);
    }

    /// <summary>
    /// 5,000 dossiers over 12 regions (8 small ones with a floor) and 10 themes (6 popular ones with a cap); small regions
    /// score lower on average, popular themes higher, so the payline breaks both kinds of quota. ~5 % of organisations
    /// file two dossiers. The budget funds about a fifth of the demand.
    /// </summary>
    public static SelectionProblem Selection(int seed, int count)
    {
        var random = new Random(seed);
        var regionWeights = Enumerable.Range(0, 12).Select(r => r < 4 ? 4.0 : 1.0).ToArray();
        var themeWeights = Enumerable.Range(0, 10).Select(t => t < 6 ? 2.0 : 1.0).ToArray();
        string[] forms = ["association", "SCIC", "SCOP", "SAS ESUS", "collectivity"];
        var dossiers = new List<SelectionApplication>();
        for (var i = 0; i < count; i++)
        {
            var region = Pick(random, regionWeights);
            var theme = Pick(random, themeWeights);
            var organisation = random.NextDouble() < 0.05 && i > 0 ? dossiers[random.Next(dossiers.Count)].OrganisationId : $"O{i}";
            var bonus = (region < 4 ? 1.0 : -1.0) + (theme < 6 ? 1.0 : 0.0);
            double Score() => Math.Round(Math.Clamp(11 + bonus + Gaussian(random) * 3, 0, 20), 2);
            dossiers.Add(new SelectionApplication($"D{i + 1}", organisation, $"region{region}", $"theme{theme}", forms[random.Next(forms.Length)],
                1000m * random.Next(20, 151), new Dictionary<string, double> { ["Impact"] = Score(), ["Feasibility"] = Score(), ["Cooperation"] = Score() }));
        }
        var demand = dossiers.Sum(d => Math.Min(d.RequestedAmount, 120_000m));
        var quotas = Enumerable.Range(4, 8).Select(r => new SelectionQuota(QuotaDimension.Region, $"region{r}", Min: 60))
            .Concat(Enumerable.Range(0, 6).Select(t => new SelectionQuota(QuotaDimension.Theme, $"theme{t}", Max: 150))).ToList();
        return new SelectionProblem(dossiers, [new("Impact", 0.4, PassMark: 6), new("Feasibility", 0.3), new("Cooperation", 0.3)],
            Math.Round(demand / 5, 0), OverallPassMark: 8, Quotas: quotas, MaxGrant: 120_000m);
    }

    /// <summary>Reviews with injected offsets: score = quality + reviewer bias + noise (less noise at higher confidence).</summary>
    public static (List<ReviewScore> Reviews, Dictionary<string, double> Quality) Calibration(int seed, int dossiers, int reviewers, int k)
    {
        var random = new Random(seed);
        var quality = Enumerable.Range(1, dossiers).ToDictionary(d => $"D{d}", _ => 12 + 2.5 * Gaussian(random));
        var bias = Enumerable.Range(1, reviewers).ToDictionary(r => $"R{r}", _ => 2.0 * Gaussian(random));
        var themes = Enumerable.Range(0, 8).Select(t => $"t{t}").ToArray();
        var flat = themes.Select(_ => 1.0).ToArray();
        var problem = new AssignmentProblem(
            quality.Keys.Select(id => new AssignmentApplication(id, Draw(random, themes, flat, 2))).ToList(),
            bias.Keys.Select(id => new AssignmentReviewer(id, Draw(random, themes, flat, 3), 0, (int)Math.Ceiling(1.2 * dossiers * k / reviewers))).ToList(), k);
        var pairs = new MinCostFlowAssigner().Assign(problem, new AssignmentOptions { CompareWithBaseline = false }).Assignments;
        var reviews = pairs.Select(p =>
        {
            var confidence = random.Next(1, 4);
            var noise = 1.5 / Math.Sqrt(confidence) * Gaussian(random);
            return new ReviewScore(p.DossierId, p.ReviewerId, quality[p.DossierId] + bias[p.ReviewerId] + noise, confidence);
        }).ToList();
        return (reviews, quality);
    }

    private static List<string> Draw(Random random, string[] items, double[] weights, int count)
    {
        var chosen = new List<string>();
        while (chosen.Count < count)
        {
            var item = items[Pick(random, weights)];
            if (!chosen.Contains(item)) chosen.Add(item);
        }
        return chosen;
    }

    private static int Pick(Random random, double[] weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
            if ((x -= weights[i]) < 0) return i;
        return weights.Length - 1;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
