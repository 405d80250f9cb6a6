using CallManager.Domain.Calls;

namespace CallManager.Domain.Reviews.Activities;

/// <summary>Moves <see cref="WaitForReviewReminder"/> timers with the call's review deadline.</summary>
public sealed class ReviewReminderTimer : ICallDateTimer
{
    public Type ActivityType => typeof(WaitForReviewReminder);

    public DateTimeOffset? Due(Call call, Func<string, string?> literalInput) =>
        literalInput("reminder") is { } reminder ? ReviewReminderTimes.Due(call, reminder) : null;
}
