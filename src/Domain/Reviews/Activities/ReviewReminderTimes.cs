using CallManager.Domain.Calls;

namespace CallManager.Domain.Reviews.Activities;

/// <summary>When the review reminders of a call go: <see cref="ReviewSettings.ReminderDaysBefore"/> days before the deadline, and on the deadline day's morning.</summary>
public static class ReviewReminderTimes
{
    /// <summary>The input value naming the first reminder.</summary>
    public const string DaysBefore = "daysBefore";

    /// <summary>The input value naming the reminder of the deadline day.</summary>
    public const string DeadlineMorning = "deadlineMorning";

    /// <summary>Local hour of the deadline-day reminder.</summary>
    public const int MorningHour = 8;

    /// <summary>The instant of reminder <paramref name="which"/> for <paramref name="call"/> (never after the deadline).</summary>
    public static DateTimeOffset Due(Call call, string? which)
    {
        switch (which)
        {
            case DaysBefore:
                return call.ReviewDeadline.AddDays(-Math.Max(0, call.Review.ReminderDaysBefore));
            case DeadlineMorning:
                var zone = CallClock.Zone(call.TimeZone);
                var morning = CallClock.ToInstant(CallClock.ToLocal(call.ReviewDeadline, zone).Date.AddHours(MorningHour), zone, "reminder");
                return morning < call.ReviewDeadline ? morning : call.ReviewDeadline.AddHours(-1);
            default:
                throw new InvalidOperationException($"Unknown review reminder '{which}': use \"{DaysBefore}\" or \"{DeadlineMorning}\".");
        }
    }
}
