using System.Globalization;
using System.Text.Json.Nodes;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Expressions;
using CallManager.Runtime.Scheduling;

namespace CallManager.Runtime.Definitions;

/// <summary>The checks of the scheduling activities (Timer, Cron, StartAt), of RunJavaScript, and of the triggers that start by themselves.</summary>
public sealed partial class DefinitionLoader
{
    /// <summary>The activity types a <c>canStartWorkflow</c> flag may mark: a signal, or a schedule.</summary>
    private static bool CanStartWorkflow(Type activityType) => activityType == typeof(WaitForSignal) || ScheduledTrigger.IsScheduled(activityType);

    private static void CheckSchedulingAndScripts(string id, string path, JsonObject activity, ActivityDescriptor descriptor, Variables variables, Problems problems)
    {
        var type = descriptor.ActivityType;
        if (type == typeof(RunJavaScript))
        {
            if (Literal(activity["script"]) is { Length: > 0 } script)
            {
                try { JavaScriptEngine.Prepare(script); }
                catch (Exception e) // whatever the parser throws, the file is refused with the reason
                {
                    problems.Add(id, $"{path}.script.expression.value", $"input 'script': the JavaScript does not parse ({(e.InnerException ?? e).Message}). Fix the script.");
                }
            }
            variables.ResolveOutputIfVariable(activity, "result");
        }
        else if (type == typeof(Cron) && Literal(activity["cronExpression"]) is { } cron && !CronSchedule.TryParse(cron, out _, out var error))
            problems.Add(id, $"{path}.cronExpression", $"'{cron}' is not a cron expression: {error}.");
        else if (type == typeof(Activities.Timer) && Literal(activity["interval"]) is { } interval && !IsPositiveDuration(activity["interval"]))
            problems.Add(id, $"{path}.interval", $"interval '{interval}' is not a positive duration. Write it as \"d.hh:mm:ss\", e.g. \"00:05:00\".");
        else if (type == typeof(StartAt) && Literal(activity["dateTime"]) is { } at && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            problems.Add(id, $"{path}.dateTime", $"'{at}' is not an instant. Write it in ISO 8601, e.g. \"2027-01-15T09:00:00Z\".");
    }

    /// <summary>A trigger that starts by itself must say when from literals, and a Timer's interval must fit a recurring schedule.</summary>
    private static void CheckScheduledTrigger(FlowActivity trigger, string path, Problems problems)
    {
        if (!ScheduledTrigger.IsScheduled(trigger.Descriptor.ActivityType) || problems.Items.Any(p => p.ActivityId == trigger.Id)) return; // said once
        if (ScheduledTrigger.Read(trigger) is { Problem: { } problem })
            problems.Add(trigger.Id, path, $"is the definition's trigger, but {problem}");
    }

    /// <summary>The text of a Literal input (bare or wrapped), or null when absent or computed.</summary>
    private static string? Literal(JsonNode? input)
    {
        if (!ExpressionEvaluator.TryGetExpression(input, out var kind, out var value)) return input is JsonValue ? input.ToString() : null;
        return kind == "Literal" ? value?.ToString() : null;
    }

    private static bool IsPositiveDuration(JsonNode? input)
    {
        try
        {
            var value = ExpressionEvaluator.TryGetExpression(input, out _, out var literal) ? literal : input;
            return Activities.Timer.Interval(value) > TimeSpan.Zero;
        }
        catch (Exception e) when (e is FormatException or OverflowException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
