using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Runtime.Definitions;

/// <summary>
/// Published definition versions: publishing stores an immutable row (a changed text gets the next version
/// number, an unchanged one nothing); running instances read their pinned version, parsed once and cached
/// with its prepared expressions.
/// </summary>
public sealed class DefinitionStore(DefinitionLoader loader, TimeProvider clock, Scheduling.IScheduledTriggers scheduledTriggers)
{
    private readonly ConcurrentDictionary<Guid, FlowchartDefinition> _cache = new();

    /// <summary>The outcome of publishing one file.</summary>
    public sealed record PublishResult(string File, string? DefinitionId, int? Version, PublishOutcome Outcome, IReadOnlyList<DefinitionProblem> Problems);

    /// <summary>The <see cref="WorkflowDefinitionVersion.Source"/> prefix of a version uploaded by an administrator while the app runs.</summary>
    public const string UploadPrefix = "upload/";

    /// <summary>
    /// Validates <paramref name="json"/> and publishes it as a new version when its text changed; refuses it whole when invalid. A definition
    /// it uses as an activity must be in <paramref name="batch"/> (the files published with it) or already published.
    /// With <paramref name="keepUpload"/> (the definition folder at start-up), a text already published as some version does not
    /// replace a later uploaded version: the folder's file has not changed since the upload, so the upload stays the latest.
    /// </summary>
    public async Task<PublishResult> PublishAsync(DbContext db, string file, string json, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, FlowchartDefinition>? batch = null, bool keepUpload = false)
    {
        var loaded = loader.Load(file, json);
        if (loaded.Definition is not { } definition) return new PublishResult(file, null, null, PublishOutcome.Refused, loaded.Problems);
        var unresolved = await DefinitionReferences.CheckAsync(file, definition, async id => batch?.GetValueOrDefault(id) ?? await PublishedAsync(db, id, cancellationToken));
        if (unresolved.Count > 0) return new PublishResult(file, definition.DefinitionId, null, PublishOutcome.Refused, unresolved);
        var hash = Hash(json);
        for (var attempt = 1; ; attempt++)
        {
            var latest = await LatestAsync(db, definition.DefinitionId, cancellationToken);
            if (latest?.Hash == hash)
            {
                ScheduleTrigger(definition); // idempotent: a host starting again restores a schedule the job storage lost
                return new PublishResult(file, definition.DefinitionId, latest.Version, PublishOutcome.Unchanged, []);
            }
            if (keepUpload && latest?.Source?.StartsWith(UploadPrefix, StringComparison.Ordinal) == true
                && await db.Set<WorkflowDefinitionVersion>().AnyAsync(v => v.DefinitionId == definition.DefinitionId && v.Hash == hash, cancellationToken))
                return new PublishResult(file, definition.DefinitionId, latest.Version, PublishOutcome.KeptUpload, []);
            var version = new WorkflowDefinitionVersion
            {
                Id = Guid.CreateVersion7(), DefinitionId = definition.DefinitionId, Version = (latest?.Version ?? 0) + 1,
                Name = definition.Name, Json = json, Hash = hash, Source = file, TriggerName = TriggerName(definition),
                PublishedAt = clock.GetUtcNow(),
            };
            db.Add(version);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                _cache.TryAdd(version.Id, definition);
                ScheduleTrigger(definition);
                return new PublishResult(file, definition.DefinitionId, version.Version, PublishOutcome.Published, []);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                db.Entry(version).State = EntityState.Detached; // another host published at the same time: look again
            }
        }
    }

    /// <summary>The latest version's Timer, Cron or StartAt trigger replaces the definition's scheduled starts; without one they are removed.</summary>
    private void ScheduleTrigger(FlowchartDefinition definition)
    {
        if (Scheduling.ScheduledTrigger.Of(definition) is { } trigger) scheduledTriggers.Schedule(trigger);
        else scheduledTriggers.Remove(definition.DefinitionId);
    }

    /// <summary>The latest published version of <paramref name="definitionId"/>, or null.</summary>
    public Task<WorkflowDefinitionVersion?> LatestAsync(DbContext db, string definitionId, CancellationToken cancellationToken = default) =>
        db.Set<WorkflowDefinitionVersion>().AsNoTracking().Where(v => v.DefinitionId == definitionId)
            .OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The flowchart of the latest published version of <paramref name="definitionId"/>; null when none is published or it no longer validates.</summary>
    public async Task<FlowchartDefinition?> PublishedAsync(DbContext db, string definitionId, CancellationToken cancellationToken = default)
    {
        if (await LatestAsync(db, definitionId, cancellationToken) is not { } latest) return null;
        try
        {
            return await GetAsync(db, latest.Id, cancellationToken);
        }
        catch (InvalidOperationException) // a version whose activity types are gone is no child to run: callers report it as unknown
        {
            return null;
        }
    }

    /// <summary>Version <paramref name="version"/> of <paramref name="definitionId"/>, or null.</summary>
    public Task<WorkflowDefinitionVersion?> VersionAsync(DbContext db, string definitionId, int version, CancellationToken cancellationToken = default) =>
        db.Set<WorkflowDefinitionVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.DefinitionId == definitionId && v.Version == version, cancellationToken);

    /// <summary>Loads a published version again (for comparing versions: the document with its variables as written).</summary>
    public DefinitionLoader.Result Load(WorkflowDefinitionVersion row) => loader.Load(row.Source ?? row.DefinitionId, row.Json);

    /// <summary>The runnable flowchart of published version <paramref name="versionId"/> (parsed once per process).</summary>
    public async Task<FlowchartDefinition> GetAsync(DbContext db, Guid versionId, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(versionId, out var cached)) return cached;
        var row = await db.Set<WorkflowDefinitionVersion>().AsNoTracking().SingleAsync(v => v.Id == versionId, cancellationToken);
        var loaded = loader.Load(row.Source ?? row.DefinitionId, row.Json);
        var definition = loaded.Definition ?? throw new InvalidOperationException(
            $"Published version {row.Version} of '{row.DefinitionId}' no longer validates: {string.Join("; ", loaded.Problems)}. Register the activity types it uses.");
        return _cache.GetOrAdd(versionId, definition);
    }

    /// <summary>The signal of a definition's trigger, if it has one with a literal signal name.</summary>
    private static string? TriggerName(FlowchartDefinition definition) => definition.Trigger is not { } trigger ? null
        : trigger.Descriptor.ActivityType == typeof(Activities.HttpEndpoint) ? Activities.HttpEndpoint.TriggerName // the route table reads the path
        : (trigger.Node["signal"] ?? trigger.Node["eventName"]) is { } input && Expressions.ExpressionEvaluator.TryGetExpression(input, out _, out var value)
            ? value?.ToString()
            : (trigger.Node["signal"] ?? trigger.Node["eventName"])?.ToString();

    private static string Hash(string json) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json.Replace("\r\n", "\n"))));
}

/// <summary>What publishing a file did.</summary>
public enum PublishOutcome
{
    /// <summary>A new version was stored.</summary>
    Published,
    /// <summary>The text equals the latest version: nothing stored.</summary>
    Unchanged,
    /// <summary>The definition has problems: nothing stored.</summary>
    Refused,
    /// <summary>At start-up: the file's text is an earlier version and a later one was uploaded; the upload stays the latest.</summary>
    KeptUpload,
}
