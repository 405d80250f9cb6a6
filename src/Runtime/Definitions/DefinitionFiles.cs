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

    /// <summary>Each file (shown relative to <paramref name="root"/>) with its problems, empty when valid; an unreadable file is a problem too.</summary>
    public IReadOnlyList<(string File, IReadOnlyList<DefinitionProblem> Problems)> Validate(string root, IEnumerable<string> files) =>
        files.Select(f => (Relative(root, f), Read(root, f, out var json) is { } unreadable ? [unreadable] : loader.Load(Relative(root, f), json).Problems)).ToList();

    /// <summary>
    /// Publishes every file; an invalid or unreadable one is refused and the others still publish. A file whose text was already
    /// published does not replace a version uploaded since (<see cref="PublishOutcome.KeptUpload"/>).
    /// </summary>
    public async Task<IReadOnlyList<DefinitionStore.PublishResult>> PublishAsync(DbContext db, string root, IEnumerable<string> files, CancellationToken cancellationToken = default)
    {
        var results = new List<DefinitionStore.PublishResult>();
        foreach (var file in files)
        {
            results.Add(Read(root, file, out var json) is { } unreadable
                ? new DefinitionStore.PublishResult(Relative(root, file), null, null, PublishOutcome.Refused, [unreadable])
                : await store.PublishAsync(db, Relative(root, file), json, cancellationToken, keepUpload: true));
        }
        return results;
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
