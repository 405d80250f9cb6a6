using System.Globalization;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Expressions;

namespace CallManager.Runtime.Scheduling;

/// <summary>
/// When a definition whose trigger is a Timer, a Cron or a StartAt starts by itself: on a cron schedule (UTC) for the first two,
/// once at an instant for StartAt. Worked out from the trigger's literal inputs when the definition is published.
/// </summary>
/// <param name="DefinitionId">The definition started.</param>
/// <param name="ActivityId">Its trigger activity, where a started instance begins.</param>
/// <param name="Cron">The recurring schedule (Hangfire's cron: 5 fields, or 6 with seconds), or null.</param>
/// <param name="At">The one instant of a StartAt trigger, or null.</param>
public sealed record ScheduledTrigger(string DefinitionId, string ActivityId, string? Cron, DateTimeOffset? At)
{
    /// <summary>The trigger types that start a definition by themselves (with or without Elsa's prefix).</summary>
    public static readonly string[] Types = ["Timer", "Cron", "StartAt"];

    /// <summary>True when <paramref name="activityType"/> is a Timer, Cron or StartAt.</summary>
    public static bool IsScheduled(Type activityType) =>
        activityType == typeof(Activities.Timer) || activityType == typeof(Activities.Cron) || activityType == typeof(Activities.StartAt);

    /// <summary>The schedule of <paramref name="definition"/>'s trigger, or null when it has no scheduled trigger.</summary>
    public static ScheduledTrigger? Of(FlowchartDefinition definition)
    {
        if (definition.Trigger is not { } trigger || !IsScheduled(trigger.Descriptor.ActivityType)) return null;
        var (cron, at, _) = Read(trigger);
        return cron is null && at is null ? null : new ScheduledTrigger(definition.DefinitionId, trigger.Id, cron, at);
    }

    /// <summary>The cron or instant of a scheduled trigger, or the reason it has none (the loader reports it).</summary>
    internal static (string? Cron, DateTimeOffset? At, string? Problem) Read(FlowActivity trigger)
    {
        var type = trigger.Descriptor.ActivityType;
        var input = type == typeof(Activities.Timer) ? "interval" : type == typeof(Activities.Cron) ? "cronExpression" : "dateTime";
        var value = trigger.Node[input];
        if (ExpressionEvaluator.TryGetExpression(value, out var kind, out var literal))
        {
            if (kind != "Literal")
                return (null, null, $"input '{input}' of a trigger must be a Literal (it is read when the definition is published, not at each start), not {kind}.");
            value = literal;
        }
        if (value is null || value.ToString().Length == 0) return (null, null, null); // a missing input is reported with the required inputs
        try
        {
            if (type == typeof(Activities.Cron))
                return CronSchedule.TryParse(value?.ToString(), out var schedule, out var error) ? (schedule.Text, null, null) : (null, null, $"'{value}' is not a cron expression: {error}.");
            if (type == typeof(Activities.StartAt))
                return (null, DateTimeOffset.Parse(value?.ToString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(), null);
            var interval = Activities.Timer.Interval(value);
            return IntervalCron(interval) is { } cron ? (cron, null, null)
                : (null, null, $"interval {interval} cannot repeat on a recurring job's schedule. Give one that divides a minute (\"00:00:15\"), an hour (\"00:20:00\") or a day (\"06:00:00\"), or exactly one day; or use an Elsa.Cron trigger.");
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return (null, null, $"input '{input}' ({value?.ToJsonString()}) cannot be read: {e.Message}");
        }
    }

    /// <summary>
    /// The cron schedule repeating every <paramref name="interval"/> (aligned on the clock, as recurring jobs are): intervals that
    /// divide a minute, an hour or a day, or one day; null for any other.
    /// </summary>
    public static string? IntervalCron(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero || interval.Ticks % TimeSpan.TicksPerSecond != 0) return null;
        var seconds = (long)interval.TotalSeconds;
        if (seconds < 60) return 60 % seconds == 0 ? (seconds == 1 ? "* * * * * *" : $"*/{seconds} * * * * *") : null;
        if (seconds % 60 == 0 && seconds < 3600) return 60 % (seconds / 60) == 0 ? $"0 */{seconds / 60} * * * *" : null;
        if (seconds % 3600 == 0 && seconds < 86400) return 24 % (seconds / 3600) == 0 ? $"0 0 */{seconds / 3600} * * *" : null;
        return seconds == 86400 ? "0 0 0 * * *" : null;
    }
}
