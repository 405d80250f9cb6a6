using CallManager.Runtime;
using CallManager.Runtime.Scheduling;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallManager.Domain.Hosting;

/// <summary>
/// The runtime's <see cref="IScheduledTriggers"/> on Hangfire: a Timer or Cron trigger is one recurring job per definition
/// (<c>workflow-trigger:&lt;definitionId&gt;</c>, its cron read in UTC), replaced by each new version and removed when the latest
/// version has none; a StartAt trigger is one delayed job, whose start is made once by its start key. The job storage is the
/// host's (<see cref="JobStorage"/> from the services), looked up when a definition is published.
/// </summary>
public sealed class HangfireScheduledTriggers(IServiceProvider services, ILogger<HangfireScheduledTriggers> logger, TimeProvider clock) : IScheduledTriggers
{
    private int _failures;

    /// <summary>The recurring job id of <paramref name="definitionId"/>'s scheduled starts.</summary>
    public static string JobId(string definitionId) => $"workflow-trigger:{definitionId}";

    /// <summary>Schedules or replaces the starts of a definition; a StartAt in the past schedules nothing (as Elsa skips it).</summary>
    public void Schedule(ScheduledTrigger trigger)
    {
        if (Storage() is not { } storage) return;
        var (definitionId, activityId) = (trigger.DefinitionId, trigger.ActivityId);
        var recurring = new RecurringJobManager(storage);
        if (trigger.Cron is { } cron)
        {
            recurring.AddOrUpdate<WorkflowTriggerJob>(JobId(definitionId), job => job.RunAsync(definitionId, activityId, null), cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            return;
        }
        recurring.RemoveIfExists(JobId(definitionId));
        if (trigger.At is { } at && at > clock.GetUtcNow())
        {
            var startKey = $"@{at:O}";
            new BackgroundJobClient(storage).Schedule<WorkflowTriggerJob>(job => job.RunAsync(definitionId, activityId, startKey), at);
        }
    }

    public void Remove(string definitionId)
    {
        if (Storage() is { } storage) new RecurringJobManager(storage).RemoveIfExists(JobId(definitionId));
    }

    private JobStorage? Storage()
    {
        if (services.GetService<JobStorage>() is { } storage) return storage;
        logger.LogWarning("No Hangfire job storage in this host: scheduled workflow starts are not registered ({Failures} so far).", Interlocked.Increment(ref _failures));
        return null;
    }
}

/// <summary>The Hangfire job of a scheduled trigger: ids in, the runtime starts the instance (or skips a job an older version left).</summary>
public sealed class WorkflowTriggerJob(WorkflowRuntime runtime)
{
    /// <summary>Starts the definition at its trigger; <paramref name="startKey"/> makes a StartAt start happen once.</summary>
    public Task RunAsync(string definitionId, string activityId, string? startKey) =>
        runtime.StartScheduledAsync(definitionId, activityId, startKey, CancellationToken.None);
}

/// <summary>Registration of the Hangfire scheduled triggers.</summary>
public static class ScheduledTriggersSetup
{
    /// <summary>Replaces the runtime's default (which schedules nothing) with Hangfire's recurring and delayed jobs.</summary>
    public static IServiceCollection AddHangfireScheduledTriggers(this IServiceCollection services)
    {
        services.AddSingleton<IScheduledTriggers, HangfireScheduledTriggers>();
        services.AddTransient<WorkflowTriggerJob>();
        return services;
    }
}
