using System.Text;
using System.Text.Json.Nodes;
using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using Microsoft.Extensions.Options;

namespace CallManager.Web.Hosting;

/// <summary>
/// Workflow definitions managed while the app runs, for the API and the admin pages alike: validating an uploaded file,
/// publishing it as a new version (stored in the database, so every host runs it), comparing versions, versions with their
/// instances, and migrating suspended instances (audited, one audit entry per moved instance in its own unit of work).
/// </summary>
public sealed class DefinitionAdministration(CallManagerDbContext db, DefinitionLoader loader, DefinitionStore store, WorkflowQueries queries,
    DefinitionMigration migration, AuditLog audit, IOptions<RuntimeOptions> options, ILogger<DefinitionAdministration> logger)
{
    /// <summary>An uploaded definition: the name of its file and its text.</summary>
    public sealed record Upload(string FileName, string Json);

    /// <summary>One validation problem: the file, the activity and the JSON path it concerns (when known), and what to do.</summary>
    public sealed record Problem(string File, string? ActivityId, string? Path, string Message);

    /// <summary>
    /// What validating a file says: its problems (empty when it can be published), its definition id, the version publishing
    /// would create (null when the text equals the latest), and the changes from the latest version.
    /// </summary>
    public sealed record Validation(string File, bool Valid, string? DefinitionId, int? LatestVersion, int? NextVersion,
        IReadOnlyList<Problem> Problems, DefinitionDiff? ChangesFromLatest);

    /// <summary>What publishing did: Published (a new version) or Unchanged (the text equals the latest version).</summary>
    public sealed record Publication(string DefinitionId, int Version, PublishOutcome Outcome, string Source);

    /// <summary>A published version as stored: the definition JSON as uploaded or read from the folder.</summary>
    public sealed record VersionDocument(string DefinitionId, int Version, string Name, string? Source, DateTimeOffset PublishedAt, JsonNode? Definition);

    /// <summary>The most bytes an uploaded definition may have (<c>Workflows:MaxDefinitionBytes</c>).</summary>
    public int MaxBytes => options.Value.MaxDefinitionBytes;

    /// <summary>Reads an upload from <paramref name="content"/>, refusing an empty or too large file, or one that is not UTF-8 text.</summary>
    public async Task<Upload> ReadAsync(string? fileName, Stream content, long? length, CancellationToken ct)
    {
        if (length > MaxBytes) throw TooLarge(length.Value);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes) throw TooLarge(buffer.Length);
        }
        if (buffer.Length == 0)
            throw DomainException.Invalid("The definition file is empty. Choose an Elsa 3 definition file (JSON).",
                new Dictionary<string, LocalizableText[]> { ["file"] = ["Choose a non-empty JSON file."] });
        string json;
        try
        {
            json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw DomainException.Invalid("The definition file is not UTF-8 text. Export it again as JSON (UTF-8).",
                new Dictionary<string, LocalizableText[]> { ["file"] = ["Choose a JSON file encoded in UTF-8."] });
        }
        return new Upload(CleanName(fileName), json);
    }

    private DomainException TooLarge(long length) => DomainException.Invalid(
        $"The definition file has {length} bytes, more than the {MaxBytes} allowed. Remove designer data or split the workflow.",
        new Dictionary<string, LocalizableText[]> { ["file"] = [$"Choose a file of at most {MaxBytes} bytes."] });

    /// <summary>Validates <paramref name="upload"/> without publishing anything.</summary>
    public async Task<Validation> ValidateAsync(Upload upload, CancellationToken ct = default)
    {
        var source = DefinitionStore.UploadPrefix + upload.FileName;
        var loaded = loader.Load(source, upload.Json);
        var problems = loaded.Problems.Select(p => new Problem(p.File, p.ActivityId, p.Path, p.Message)).ToList();
        if (loaded.Definition is not { } definition)
            return new Validation(source, false, loaded.Document?["definitionId"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null, null, null, problems, null);
        var latest = await store.LatestAsync(db, definition.DefinitionId, ct);
        var latestLoaded = latest is null ? null : store.Load(latest);
        var changes = latestLoaded?.Definition is null ? null : DefinitionComparison.Compare(latest!.Version, latestLoaded, latest.Version + 1, loaded);
        var unchanged = latest is not null && latest.Json.Replace("\r\n", "\n") == upload.Json.Replace("\r\n", "\n");
        return new Validation(source, true, definition.DefinitionId, latest?.Version, unchanged ? null : (latest?.Version ?? 0) + 1, problems, changes);
    }

    /// <summary>
    /// Publishes <paramref name="upload"/> as the next version of its definition (audited), or nothing when its text equals the
    /// latest version. An invalid definition is refused whole with its problems, each naming the activity and the JSON path.
    /// </summary>
    public async Task<Publication> PublishAsync(Actor actor, Upload upload, CancellationToken ct = default)
    {
        var source = DefinitionStore.UploadPrefix + upload.FileName;
        var result = await store.PublishAsync(db, source, upload.Json, ct);
        if (result.Outcome == PublishOutcome.Refused)
            throw DomainException.Invalid("The definition was not published: fix the problems listed and upload it again.",
                new Dictionary<string, string[]> { ["definition"] = [.. result.Problems.Select(p => p.ToString())] });
        if (result.Outcome == PublishOutcome.Published)
        {
            await audit.AppendAsync(actor, "WorkflowDefinition", $"{result.DefinitionId} v{result.Version}", null, "workflow-definition.published", null,
                new { result.DefinitionId, result.Version, Source = source }, ct);
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Workflow {DefinitionId} v{Version} published from upload {File}", result.DefinitionId, result.Version, source);
        }
        return new Publication(result.DefinitionId!, result.Version!.Value, result.Outcome, source);
    }

    /// <summary>The versions of <paramref name="definitionId"/>, newest first, with their instances counted by status.</summary>
    public async Task<IReadOnlyList<WorkflowQueries.VersionSummary>> VersionsAsync(string definitionId, CancellationToken ct = default)
    {
        var versions = await queries.VersionsAsync(definitionId, ct);
        return versions.Count > 0 ? versions : throw DomainException.NotFound($"Workflow definition '{definitionId}'");
    }

    /// <summary>One version as stored.</summary>
    public async Task<VersionDocument> VersionAsync(string definitionId, int version, CancellationToken ct = default)
    {
        var row = await store.VersionAsync(db, definitionId, version, ct)
                  ?? throw DomainException.NotFound($"Version {version} of workflow definition '{definitionId}'");
        return new VersionDocument(row.DefinitionId, row.Version, row.Name, row.Source, row.PublishedAt, store.Load(row).Document);
    }

    /// <summary>What changed from version <paramref name="from"/> to version <paramref name="to"/>.</summary>
    public async Task<DefinitionDiff> CompareAsync(string definitionId, int from, int to, CancellationToken ct = default)
    {
        var a = await store.VersionAsync(db, definitionId, from, ct) ?? throw DomainException.NotFound($"Version {from} of workflow definition '{definitionId}'");
        var b = await store.VersionAsync(db, definitionId, to, ct) ?? throw DomainException.NotFound($"Version {to} of workflow definition '{definitionId}'");
        return DefinitionComparison.Compare(from, store.Load(a), to, store.Load(b));
    }

    /// <summary>The dry run of a migration: which instances would move, and why the others cannot.</summary>
    public Task<DefinitionMigration.Plan> PlanAsync(DefinitionMigration.Request request, CancellationToken ct = default) => migration.PlanAsync(request, ct);

    /// <summary>Migrates the movable instances; each moved instance gets an audit entry committed with its change.</summary>
    public Task<DefinitionMigration.Result> MigrateAsync(Actor actor, DefinitionMigration.Request request, CancellationToken ct = default) =>
        migration.MigrateAsync(request, async (moving, token) =>
            await audit.AppendAsync(actor, "WorkflowInstance", moving.InstanceId, null, "workflow-instance.migrated",
                new { moving.DefinitionId, Version = moving.FromVersion }, new { moving.DefinitionId, Version = moving.ToVersion, moving.VariablesAdded }, token), ct);

    /// <summary>The file name as stored in the version's source: its last segment, letters, digits, dot, dash and underscore only.</summary>
    private static string CleanName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        var clean = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        if (clean.Length > 200) clean = clean[^200..];
        return clean.Length == 0 ? "definition.json" : clean;
    }
}
