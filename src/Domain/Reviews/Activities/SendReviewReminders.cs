using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Reviews.Activities;

/// <summary>
/// Sends one mail (template review-reminder) to each jury member of the correlated call with unfinished (draft, not
/// conflicted) reviews, in their language, and stamps those reviews' <see cref="Review.RemindedAt"/>. Idempotent per
/// reminder time (input <c>reminder</c>, as in <see cref="WaitForReviewReminder"/>): a review already reminded since that
/// time is skipped. Saved with the workflow step; nothing is sent after the review deadline. The mails and stamps are
/// <see cref="ReviewReminders.SendAsync"/>'s, shared with administrators' "remind now".
/// </summary>
public sealed class SendReviewReminders : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var ct = context.CancellationToken;
        var callId = Guid.Parse(context.CorrelationId!);
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var reminders = context.Services.GetRequiredService<ReviewReminders>();
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == callId, ct);
        var since = ReviewReminderTimes.Due(call, context.GetInput<string>("reminder"));
        if (context.Now > call.ReviewDeadline)
        {
            context.Journal("The review deadline has passed: no reminder sent.");
            return ActivityResult.Done();
        }
        var unfinished = (await reminders.UnfinishedAsync(callId, ct: ct)).Where(r => !(r.RemindedAt >= since)).ToList();
        var reminded = await reminders.SendAsync(call, unfinished, context.Now, userId => $"review-reminder:{callId}:{userId}:{since:O}", ct);
        context.Journal($"Reminded {reminded.Count} reviewer(s) of {unfinished.Count} unfinished review(s).");
        return ActivityResult.Done();
    }
}
