using System.Numerics;

namespace CallManager.Domain.Reviews.Assignment;

/// <summary>Themes as bit sets (case-insensitive), so the expertise match of every pair is a few popcounts.</summary>
internal sealed class ThemeSets
{
    private readonly ulong[][] dossiers;
    private readonly ulong[][] reviewers;
    private readonly int[] dossierThemeCounts;

    public ThemeSets(AssignmentProblem problem)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var theme in problem.Dossiers.SelectMany(d => d.Themes).Concat(problem.Reviewers.SelectMany(r => r.Themes)))
            index.TryAdd(theme, index.Count);
        var words = Math.Max(1, (index.Count + 63) / 64);
        dossiers = problem.Dossiers.Select(d => Bits(d.Themes, index, words)).ToArray();
        reviewers = problem.Reviewers.Select(r => Bits(r.Themes, index, words)).ToArray();
        dossierThemeCounts = dossiers.Select(Count).ToArray();
    }

    /// <summary>The share of the dossier's themes the reviewer covers (0 when the dossier has no theme).</summary>
    public double Match(int dossier, int reviewer)
    {
        if (dossierThemeCounts[dossier] == 0) return 0;
        var (a, b) = (dossiers[dossier], reviewers[reviewer]);
        var shared = 0;
        for (var w = 0; w < a.Length; w++) shared += BitOperations.PopCount(a[w] & b[w]);
        return (double)shared / dossierThemeCounts[dossier];
    }

    private static ulong[] Bits(IEnumerable<string> themes, Dictionary<string, int> index, int words)
    {
        var bits = new ulong[words];
        foreach (var t in themes) bits[index[t] / 64] |= 1UL << (index[t] % 64);
        return bits;
    }

    private static int Count(ulong[] bits) => bits.Sum(BitOperations.PopCount);
}
