using CallManager.Workflow.Accounts;
using CallManager.Workflow.Calls;
using CallManager.Workflow.Persistence;
using CallManager.Workflow.Runtime.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Workflow.Reviews.Activities;

/// <summary>
/// Sends one mail (template review-reminder) to each jury member of the correlated call with unfinished (draft, not
/// conflicted) reviews, in their language, and stamps those reviews' <see cref="Review.RemindedAt"/>. Idempotent per
/// reminder time (input <c>reminder</c>, as in <see cref="WaitForReviewReminder"/>): a review already reminded since that
/// time is skipped. Saved with the workflow step; nothing is sent after the review deadline.
/// </summary>
public sealed class SendReviewReminders : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var ct = context.CancellationToken;
        var callId = Guid.Parse(context.CorrelationId!);
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var mails = context.Services.GetRequiredService<ReviewMails>();
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == callId, ct);
        var since = ReviewReminderTimes.Due(call, context.GetInput<string>("reminder"));
        if (context.Now > call.ReviewDeadline)
        {
            context.Journal("The review deadline has passed: no reminder sent.");
            return ActivityResult.Done();
        }
        var conflicted = (await ConflictRules.ConflictedPairs(db, callId).ToListAsync(ct)).ToHashSet();
        var unfinished = (await db.Set<Review>().Where(r => r.CallId == callId && r.Status == ReviewStatus.Draft).ToListAsync(ct))
            .Where(r => !conflicted.Contains(new ConflictedPair(r.ApplicationId, r.ReviewerId)) && !(r.RemindedAt >= since)).ToList();
        var reviewerIds = unfinished.Select(r => r.ReviewerId).Distinct().ToList();
        var users = await db.Set<AppUser>().AsNoTracking().Where(u => reviewerIds.Contains(u.Id)).ToListAsync(ct);
        foreach (var user in users.OrderBy(u => u.Email))
        {
            var mine = unfinished.Where(r => r.ReviewerId == user.Id).ToList();
            var total = await db.Set<Review>().CountAsync(r => r.CallId == callId && r.ReviewerId == user.Id, ct);
            await mails.ToUserAsync(user, ReviewMails.Reminder, language => new
            {
                name = user.DisplayName, call = call.Title(language), code = call.Code, unfinished = mine.Count, total,
                daysLeft = (int)Math.Ceiling((call.ReviewDeadline - context.Now).TotalDays),
                deadline = CallClock.Format(call.ReviewDeadline, call.TimeZone, language),
            }, $"review-reminder:{callId}:{user.Id}:{since:O}", ct);
            foreach (var review in mine) review.RemindedAt = context.Now;
        }
        context.Journal($"Reminded {users.Count} reviewer(s) of {unfinished.Count} unfinished review(s).");
        return ActivityResult.Done();
    }
}
