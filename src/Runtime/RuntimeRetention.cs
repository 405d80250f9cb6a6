using CallManager.Runtime.Instances;
using CallManager.Runtime.Stimuli;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Runtime;

/// <summary>What one pruning deleted.</summary>
public sealed record RetentionResult(int JournalRows, int ExpiredStimuli);

/// <summary>
/// Keeps the runtime's tables bounded: deletes journal rows (one per step) older than
/// <see cref="RuntimeOptions.JournalRetention"/> and inbox stimuli that waited longer than
/// <see cref="RuntimeOptions.InboxLifetime"/> for a bookmark (the inbox no longer delivers them). Run at start-up and
/// daily by Hangfire (<see cref="RuntimeRetentionJob"/>). Delivered stimuli stay: their keys refuse a second delivery.
/// </summary>
public sealed class RuntimeRetention([FromKeyedServices(RuntimeStorage.Key)] DbContext db, TimeProvider clock, IOptions<RuntimeOptions> options)
{
    public async Task<RetentionResult> PruneAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var journalCutoff = now - options.Value.JournalRetention;
        var journal = await db.Set<WorkflowJournalStep>().Where(j => j.At < journalCutoff).ExecuteDeleteAsync(cancellationToken);
        var inboxCutoff = InboxCutoff(now, options.Value);
        var expired = await db.Set<WorkflowStimulus>().Where(s => s.DeliveredAt == null && s.ReceivedAt < inboxCutoff).ExecuteDeleteAsync(cancellationToken);
        return new(journal, expired);
    }

    /// <summary>Inbox stimuli received before this instant are no longer delivered.</summary>
    public static DateTimeOffset InboxCutoff(DateTimeOffset now, RuntimeOptions options) => now - options.InboxLifetime;
}

/// <summary>The daily Hangfire job that runs <see cref="RuntimeRetention"/> (one host runs it: Hangfire's recurring-job lock).</summary>
public sealed class RuntimeRetentionJob(RuntimeRetention retention, ILogger<RuntimeRetentionJob> logger)
{
    /// <summary>The recurring job's id.</summary>
    public const string Id = "workflow-retention";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var (journal, expired) = await retention.PruneAsync(cancellationToken);
        if (journal > 0) logger.LogInformation("Pruned {Count} workflow journal entries past retention", journal);
        if (expired > 0) logger.LogWarning("Deleted {Count} inbox stimuli that no workflow bookmark took within the inbox lifetime", expired);
    }
}
