using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallManager.Runtime.Definitions;

/// <summary>The definition files of the repository (<c>workflows/*.json</c>): validates them all, publishes the valid ones.</summary>
public sealed class DefinitionFiles(DefinitionStore store, DefinitionLoader loader, IOptions<RuntimeOptions> options)
{
    /// <summary>The files matched by <see cref="RuntimeOptions.DefinitionsPattern"/> under <paramref name="root"/>.</summary>
    public IReadOnlyList<string> Find(string root)
    {
        var pattern = options.Value.DefinitionsPattern.Replace('\\', '/');
        var folder = Path.Combine(root, Path.GetDirectoryName(pattern) ?? "");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, Path.GetFileName(pattern)).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>
    /// Each file (shown relative to <paramref name="root"/>) with its problems, empty when valid; an unreadable file is a problem too. A
    /// definition used as an activity is looked for among these files, whatever their order.
    /// </summary>
    public IReadOnlyList<(string File, IReadOnlyList<DefinitionProblem> Problems)> Validate(string root, IEnumerable<string> files)
    {
        var loaded = files.Select(f => (File: Relative(root, f), Result: Read(root, f, out var json) is { } unreadable
            ? new DefinitionLoader.Result(null, [unreadable], null) : loader.Load(Relative(root, f), json))).ToList();
        var problems = ResolveAsync(loaded, _ => Task.FromResult<FlowchartDefinition?>(null)).GetAwaiter().GetResult();
        return loaded.Select(l => (l.File, problems[l.File])).ToList();
    }

    /// <summary>Publishes every file; an invalid or unreadable one is refused and the others still publish. A definition used as an activity may come later in the list.</summary>
    public async Task<IReadOnlyList<DefinitionStore.PublishResult>> PublishAsync(DbContext db, string root, IEnumerable<string> files, CancellationToken cancellationToken = default)
    {
        var texts = files.Select(f => (File: f, Unreadable: Read(root, f, out var json), Json: json)).ToList();
        var loaded = texts.Where(t => t.Unreadable is null).Select(t => (File: Relative(root, t.File), Result: loader.Load(Relative(root, t.File), t.Json))).ToList();
        var problems = await ResolveAsync(loaded, id => store.PublishedAsync(db, id, cancellationToken));
        var known = loaded.Where(l => problems[l.File].Count == 0).Select(l => l.Result.Definition!).GroupBy(d => d.DefinitionId).ToDictionary(g => g.Key, g => g.First());
        var results = new List<DefinitionStore.PublishResult>();
        foreach (var (file, unreadable, json) in texts)
        {
            var relative = Relative(root, file);
            results.Add(unreadable is not null ? new DefinitionStore.PublishResult(relative, null, null, PublishOutcome.Refused, [unreadable])
                : loaded.First(l => l.File == relative).Result.Definition is { } d && problems[relative].Count > 0 // its references failed
                    ? new DefinitionStore.PublishResult(relative, d.DefinitionId, null, PublishOutcome.Refused, problems[relative])
                    : await store.PublishAsync(db, relative, json, cancellationToken, known));
        }
        return results;
    }

    /// <summary>
    /// The problems of each loaded file, its references included: a definition used as an activity is found among the valid files of the
    /// batch (whatever their order), else through <paramref name="published"/>; a file whose child is refused is refused in turn.
    /// </summary>
    private static async Task<Dictionary<string, IReadOnlyList<DefinitionProblem>>> ResolveAsync(List<(string File, DefinitionLoader.Result Result)> loaded,
        Func<string, Task<FlowchartDefinition?>> published)
    {
        var problems = loaded.GroupBy(l => l.File).ToDictionary(g => g.Key, g => g.First().Result.Problems);
        var refusedIds = loaded.Where(l => l.Result.Definition is null).Select(l => DefinitionLoader.Text(l.Result.Document?["definitionId"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var known = new Dictionary<string, FlowchartDefinition>(StringComparer.Ordinal);
            foreach (var (file, result) in loaded)
                if (result.Definition is { } d && problems[file].Count == 0) known.TryAdd(d.DefinitionId, d);
            var changed = false;
            foreach (var (file, result) in loaded)
            {
                if (result.Definition is not { } definition || problems[file].Count > 0) continue;
                var found = await DefinitionReferences.CheckAsync(file, definition, async id => known.GetValueOrDefault(id) ?? (refusedIds.Contains(id) ? null : await published(id)), refusedIds);
                if (found.Count == 0) continue;
                problems[file] = found;
                refusedIds.Add(definition.DefinitionId);
                changed = true;
            }
            if (!changed) return problems;
        }
    }

    /// <summary>Reads a file; returns the problem when it cannot be read.</summary>
    private static DefinitionProblem? Read(string root, string file, out string json)
    {
        try
        {
            json = File.ReadAllText(file);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            json = "";
            return new DefinitionProblem(Relative(root, file), null, $"cannot be read ({e.Message}). Check the file and its permissions.");
        }
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');
}
