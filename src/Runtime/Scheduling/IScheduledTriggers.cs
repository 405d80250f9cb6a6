using Microsoft.Extensions.Logging;

namespace CallManager.Runtime.Scheduling;

/// <summary>
/// Where the starts of definitions triggered by a Timer, a Cron or a StartAt are scheduled (the host implements it with Hangfire's
/// recurring jobs). Told each time a definition is published: its latest version's schedule replaces the previous one.
/// Implementations are idempotent: publishing the same version again changes nothing. A job calls
/// <see cref="WorkflowRuntime.StartScheduledAsync"/>.
/// </summary>
public interface IScheduledTriggers
{
    /// <summary>Schedules (or reschedules) the starts of <paramref name="trigger"/>'s definition.</summary>
    void Schedule(ScheduledTrigger trigger);

    /// <summary>Removes the scheduled starts of <paramref name="definitionId"/> (a new version without such a trigger, or a retired definition).</summary>
    void Remove(string definitionId);
}

/// <summary>The default when the host schedules nothing (a tool, a test): a definition with a scheduled trigger is logged, never started by itself.</summary>
public sealed class UnscheduledTriggers(ILogger<UnscheduledTriggers> logger) : IScheduledTriggers
{
    public void Schedule(ScheduledTrigger trigger) =>
        logger.LogWarning("Definition {DefinitionId} starts by itself ({Schedule}), but this host schedules no trigger: it will not start.",
            trigger.DefinitionId, trigger.Cron ?? trigger.At?.ToString("O"));

    public void Remove(string definitionId) { }
}
