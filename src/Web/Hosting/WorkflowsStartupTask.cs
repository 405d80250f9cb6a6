using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using Hangfire;

namespace CallManager.Web.Hosting;

/// <summary>
/// At start-up: publishes <c>workflows/*.json</c> (a changed file becomes a new version; an invalid one is refused
/// and logged, the others still publish), schedules timers that have no job, fires past-due ones, prunes the journal and
/// the expired inbox, and registers the daily pruning job (<see cref="RuntimeRetentionJob"/>, 03:00 UTC).
/// </summary>
/// <remarks>
/// Takes Hangfire's <see cref="Hangfire.IGlobalConfiguration"/> so that Hangfire is configured for this host (storage,
/// log provider) before the timers touch its storage: start-up tasks run before the Hangfire server starts.
/// </remarks>
public sealed class WorkflowsStartupTask(DefinitionFiles files, CallManagerDbContext db, WorkflowRuntime runtime, RuntimeRetentionJob retention,
    IRecurringJobManager recurring, RefusedDefinitions refused,
    IConfiguration configuration, ILogger<WorkflowsStartupTask> logger, Hangfire.IGlobalConfiguration hangfire) : IStartupTask
{
    /// <summary>
    /// The folder <c>Workflows:DefinitionsPattern</c> is relative to: <c>CallManager:RepositoryRoot</c> (set to the repository
    /// in development), else the application's own folder, where a published build carries <c>workflows/</c>.
    /// </summary>
    public static string RepositoryRoot(IConfiguration configuration) =>
        configuration["CallManager:RepositoryRoot"] is { Length: > 0 } root ? root : AppFolder.Path;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _ = hangfire;
        var root = RepositoryRoot(configuration);
        foreach (var result in await files.PublishAsync(db, root, files.Find(root), cancellationToken))
        {
            refused.Record(result.File, result.Problems);
            if (result.Outcome == PublishOutcome.Refused)
                logger.LogError("Workflow definition {File} refused:\n{Problems}", result.File, string.Join("\n", result.Problems));
            else
                logger.LogInformation("Workflow {DefinitionId} v{Version} from {File}: {Outcome}", result.DefinitionId, result.Version, result.File, result.Outcome);
        }
        await runtime.RecoverTimersAsync(cancellationToken);
        await retention.RunAsync(cancellationToken);
        recurring.AddOrUpdate<RuntimeRetentionJob>(RuntimeRetentionJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily(3));
    }
}
