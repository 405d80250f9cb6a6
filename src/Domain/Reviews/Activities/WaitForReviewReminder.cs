using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Reviews.Activities;

/// <summary>
/// Waits (timer bookmark) until a review reminder of the correlated call is due: input <c>reminder</c> is "daysBefore"
/// (the call's ReminderDaysBefore days before the review deadline) or "deadlineMorning" (08:00 in the call's zone on the
/// deadline day). When the timer fires it re-reads the call, so a deadline moved later waits again.
/// </summary>
public sealed class WaitForReviewReminder : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var callId = Guid.Parse(context.CorrelationId ?? throw new InvalidOperationException("The call workflow is correlated with the call id."));
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == callId, context.CancellationToken);
        var due = ReviewReminderTimes.Due(call, context.GetInput<string>("reminder"));
        return due <= context.Now ? ActivityResult.Done() : ActivityResult.Suspend(BookmarkRequest.Timer(due));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context) => ExecuteAsync(context);
}
