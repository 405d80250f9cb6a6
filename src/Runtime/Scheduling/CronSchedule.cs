using Cronos;

namespace CallManager.Runtime.Scheduling;

/// <summary>
/// A cron expression read as Hangfire reads it (Cronos: 5 fields, or 6 when the first gives the seconds, in UTC), so that what
/// validates here is what Hangfire's recurring jobs accept.
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC), or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after.ToUniversalTime(), TimeZoneInfo.Utc);

    /// <summary>Parses <paramref name="text"/>; false with the reason when it is not a cron expression.</summary>
    public static bool TryParse(string? text, out CronSchedule schedule, out string error)
    {
        schedule = null!;
        var trimmed = text?.Trim() ?? "";
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6) && !trimmed.StartsWith('@'))
        {
            error = $"it has {fields} field(s); write 5 (minute hour day month weekday) or 6 (with the seconds first), e.g. \"0 0 * * * *\" for every hour";
            return false;
        }
        try
        {
            schedule = new CronSchedule(trimmed, CronExpression.Parse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard));
            error = "";
            return true;
        }
        catch (CronFormatException e)
        {
            error = e.Message;
            return false;
        }
    }
}
