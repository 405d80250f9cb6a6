using System.Text.RegularExpressions;
using CallManager.Web.Hosting;

namespace CallManager.Web.Tests.Architecture;

/// <summary>
/// The folders of src/Domain (stages and their infrastructure) depend one way: a cycle means two stages can no longer be
/// read, tested or changed apart. A reference is a <c>using</c> of another folder's namespace or a name qualified with it.
/// </summary>
public sealed partial class StageDependencyTests
{
    /// <summary>Cycles still to break, each with the reason it is tolerated; the test fails when one disappears too, so the list shrinks.</summary>
    private static readonly string[][] KnownCycles =
    [
        // The application's DbContext links the audit chain on save, and the audit log stores through that context (issue 22).
        ["Audit", "Persistence"],
    ];

    [Fact]
    public void Stage_folders_form_no_cycle_beyond_the_known_ones()
    {
        var graph = Dependencies();
        Assert.Contains("Submissions", graph.Keys);
        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).Select(c => c.Order().ToArray()).ToList();

        var unexpected = cycles.Where(c => !KnownCycles.Any(k => k.SequenceEqual(c))).Select(c => string.Join(" ⇄ ", c)).ToList();
        Assert.True(unexpected.Count == 0, "Folders that depend on each other: " + string.Join("; ", unexpected) +
            ". Invert one direction with an interface the earlier stage owns and the later one implements (see IReviewerReading).");
        var gone = KnownCycles.Where(k => !cycles.Any(c => c.SequenceEqual(k))).Select(k => string.Join(" ⇄ ", k)).ToList();
        Assert.True(gone.Count == 0, "Cycles broken since: " + string.Join("; ", gone) + ". Remove them from KnownCycles.");
    }

    [Fact]
    public void Submissions_do_not_know_reviews_and_calls_know_no_later_stage()
    {
        var graph = Dependencies();
        Assert.DoesNotContain("Reviews", graph["Submissions"]);
        Assert.Empty(graph["Calls"].Intersect(["Submissions", "Reviews", "Selection", "Grants"]));
        Assert.Empty(graph["Documents"].Intersect(["Calls", "Submissions", "Reviews", "Selection", "Grants"]));
    }

    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var root = Path.Combine(ConfigurationSetup.FindRepositoryRoot()!, "src", "Domain");
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Cast<string>().ToHashSet();
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var folder in folders)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}")))
                foreach (Match m in Reference().Matches(StripCommentsAndStrings(File.ReadAllText(file))))
                    if (folders.Contains(m.Groups[1].Value) && m.Groups[1].Value != folder)
                        graph[folder].Add(m.Groups[1].Value);
        return graph;
    }

    private static string StripCommentsAndStrings(string code) => CommentOrString().Replace(code, " ");

    /// <summary>Tarjan's algorithm: the strongly connected components of <paramref name="graph"/>.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, HashSet<string>> graph)
    {
        var (index, low, onStack, stack, result, counter) = (new Dictionary<string, int>(), new Dictionary<string, int>(), new HashSet<string>(), new Stack<string>(), new List<List<string>>(), 0);
        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph[v])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            result.Add(component);
        }
        foreach (var v in graph.Keys.Where(v => !index.ContainsKey(v))) Visit(v);
        return result;
    }

    [GeneratedRegex(@"\bDomain\.([A-Z][A-Za-z]+)\b")]
    private static partial Regex Reference();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|""(?:\\.|[^""\\\n])*""", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();
}
