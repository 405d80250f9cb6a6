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
        var known = Known(loaded.Select(l => l.Result));
        return loaded.Select(l => (l.File, l.Result.Definition is { } d ? DefinitionReferences.Check(l.File, d, known) : l.Result.Problems)).ToList();
    }

    /// <summary>Publishes every file; an invalid or unreadable one is refused and the others still publish. A definition used as an activity may come later in the list.</summary>
    public async Task<IReadOnlyList<DefinitionStore.PublishResult>> PublishAsync(DbContext db, string root, IEnumerable<string> files, CancellationToken cancellationToken = default)
    {
        var texts = files.Select(f => (File: f, Unreadable: Read(root, f, out var json), Json: json)).ToList();
        var known = Known(texts.Where(t => t.Unreadable is null).Select(t => loader.Load(Relative(root, t.File), t.Json)));
        var results = new List<DefinitionStore.PublishResult>();
        foreach (var (file, unreadable, json) in texts)
        {
            results.Add(unreadable is not null
                ? new DefinitionStore.PublishResult(Relative(root, file), null, null, PublishOutcome.Refused, [unreadable])
                : await store.PublishAsync(db, Relative(root, file), json, cancellationToken, known));
        }
        return results;
    }

    /// <summary>The valid definitions of a batch by id (the first file wins when two share an id).</summary>
    private static Dictionary<string, FlowchartDefinition> Known(IEnumerable<DefinitionLoader.Result> results)
    {
        var known = new Dictionary<string, FlowchartDefinition>(StringComparer.Ordinal);
        foreach (var definition in results.Select(r => r.Definition).OfType<FlowchartDefinition>()) known.TryAdd(definition.DefinitionId, definition);
        return known;
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
