using CallManager.Workflow.Accounts;
using CallManager.Workflow.Calls;
using CallManager.Workflow.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Reviews;

/// <summary>
/// Reminders to reviewers with unfinished reviews (drafts not set aside by a conflict): one mail per reviewer (template
/// review-reminder, in their language), each reminded review stamped <see cref="Review.RemindedAt"/>. Used by the call
/// workflow's automatic reminders (<see cref="Activities.SendReviewReminders"/>).
/// </summary>
public sealed class ReviewReminders(CallManagerDbContext db, ReviewMails mails)
{
    /// <summary>The unfinished reviews of the call (tracked): drafts not set aside by a conflict, of <paramref name="reviewerId"/> only when given.</summary>
    public async Task<List<Review>> UnfinishedAsync(Guid callId, string? reviewerId = null, CancellationToken ct = default)
    {
        var conflicted = (await ConflictRules.ConflictedPairs(db, callId).ToListAsync(ct)).ToHashSet();
        var drafts = db.Set<Review>().Where(r => r.CallId == callId && r.Status == ReviewStatus.Draft);
        if (reviewerId is not null) drafts = drafts.Where(r => r.ReviewerId == reviewerId);
        return (await drafts.ToListAsync(ct)).Where(r => !conflicted.Contains(new ConflictedPair(r.ApplicationId, r.ReviewerId))).ToList();
    }

    /// <summary>
    /// Mails each reviewer of <paramref name="unfinished"/> once (their count of unfinished and assigned reviews, the deadline
    /// in the call's zone), with correlation id <paramref name="key"/>(reviewer id), and stamps those reviews reminded at
    /// <paramref name="now"/>. Joins the caller's unit of work (nothing saved); returns the reviewers mailed, by e-mail.
    /// </summary>
    public async Task<List<AppUser>> SendAsync(Call call, IReadOnlyList<Review> unfinished, DateTimeOffset now, Func<string, string> key, CancellationToken ct = default)
    {
        var reviewerIds = unfinished.Select(r => r.ReviewerId).Distinct().ToList();
        var users = (await db.Set<AppUser>().AsNoTracking().Where(u => reviewerIds.Contains(u.Id)).ToListAsync(ct)).OrderBy(u => u.Email).ToList();
        foreach (var user in users)
        {
            var mine = unfinished.Where(r => r.ReviewerId == user.Id).ToList();
            var total = await db.Set<Review>().CountAsync(r => r.CallId == call.Id && r.ReviewerId == user.Id, ct);
            await mails.ToUserAsync(user, ReviewMails.Reminder, language => new
            {
                name = user.DisplayName, call = call.Title(language), code = call.Code, unfinished = mine.Count, total,
                daysLeft = (int)Math.Ceiling((call.ReviewDeadline - now).TotalDays),
                deadline = CallClock.Format(call.ReviewDeadline, call.TimeZone, language),
            }, key(user.Id), ct);
            foreach (var review in mine) review.RemindedAt = now;
        }
        return users;
    }
}
