using CallManager.Workflow.Persistence;
using Microsoft.Extensions.Options;

namespace CallManager.Workflow.Runtime.Definitions;

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

    /// <summary>The problems of each file (empty when valid), with paths shown relative to <paramref name="root"/>.</summary>
    public IReadOnlyList<DefinitionProblem> Validate(string root, IEnumerable<string> files) =>
        files.SelectMany(f => loader.Load(Relative(root, f), File.ReadAllText(f)).Problems).ToList();

    /// <summary>Publishes every file; an invalid one is refused and the others still publish.</summary>
    public async Task<IReadOnlyList<DefinitionStore.PublishResult>> PublishAsync(CallManagerDbContext db, string root, IEnumerable<string> files, CancellationToken cancellationToken = default)
    {
        var results = new List<DefinitionStore.PublishResult>();
        foreach (var file in files)
            results.Add(await store.PublishAsync(db, Relative(root, file), await File.ReadAllTextAsync(file, cancellationToken), cancellationToken));
        return results;
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');
}
