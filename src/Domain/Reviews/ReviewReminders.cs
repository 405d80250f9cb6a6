using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

/// <summary>
/// Reminders to reviewers with unfinished reviews (drafts not set aside by a conflict): one mail per reviewer (template
/// review-reminder, in their language), each reminded review stamped <see cref="Review.RemindedAt"/>. Used by the call
/// workflow's automatic reminders (<see cref="Activities.SendReviewReminders"/>) and by administrators' "remind now".
/// </summary>
public sealed class ReviewReminders(CallManagerDbContext db, ReviewMails mails, AuditLog audit, TimeProvider clock)
{
    /// <summary>The audit action of a reminder sent by an administrator.</summary>
    public const string RemindedNowAction = "review.reminded-now";

    /// <summary>A reviewer reminded less than this long ago is not reminded again by an administrator.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromHours(12);

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

    /// <summary>
    /// An administrator reminds now <paramref name="reviewerId"/>, or every reviewer with unfinished reviews when null.
    /// Refused after the review deadline and when there is nothing to remind; a reviewer reminded (automatically or not)
    /// less than <see cref="MinimumInterval"/> ago is refused when named, skipped otherwise. Mails, stamps and one audit
    /// entry per reviewer reminded are saved together. Each mail's correlation id names the reminder it follows, so two
    /// clicks that saw the same state carry the same key and only one of them commits (the reviews' version changes).
    /// </summary>
    public async Task<ReviewersReminded> RemindNowAsync(Guid callId, string? reviewerId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators remind reviewers.");
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw DomainException.NotFound("The call");
        var now = clock.GetUtcNow();
        if (now > call.ReviewDeadline)
            throw DomainException.Conflict($"The review deadline passed on {CallClock.Format(call.ReviewDeadline, call.TimeZone, actor.Language)}: reviewers can no longer be reminded.");
        var members = await db.Set<JuryMember>().AsNoTracking().Where(j => j.CallId == callId).ToListAsync(ct);
        if (reviewerId is not null && members.All(m => m.UserId != reviewerId)) throw DomainException.NotFound("The jury member");

        var unfinished = await UnfinishedAsync(callId, reviewerId, ct);
        var memberIds = members.Select(m => m.UserId).ToList();
        var emails = await db.Set<AppUser>().AsNoTracking().Where(u => memberIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, ct);
        if (unfinished.Count == 0)
            throw DomainException.Conflict(reviewerId is null
                ? $"No reviewer has an unfinished review on {call.Code}: there is nobody to remind."
                : $"{emails.GetValueOrDefault(reviewerId, reviewerId)} has no unfinished review on {call.Code}: there is nothing to remind.");

        var states = unfinished.GroupBy(r => r.ReviewerId)
            .Select(g => (ReviewerId: g.Key, Email: emails.GetValueOrDefault(g.Key, g.Key), Unfinished: g.Count(), Last: g.Max(r => r.RemindedAt)))
            .Select(s => (s.ReviewerId, s.Email, s.Unfinished, s.Last, Due: !(s.Last + MinimumInterval > now)))
            .OrderBy(s => s.Email, StringComparer.Ordinal).ToList();
        if (reviewerId is not null && states[0] is { Due: false } recent)
            throw DomainException.Conflict($"{recent.Email} was last reminded on {CallClock.Format(recent.Last!.Value, call.TimeZone, actor.Language)}: they can be reminded again from {CallClock.Format(recent.Last!.Value + MinimumInterval, call.TimeZone, actor.Language)}.");

        var due = states.Where(s => s.Due).ToDictionary(s => s.ReviewerId);
        if (due.Count > 0)
        {
            await SendAsync(call, unfinished.Where(r => due.ContainsKey(r.ReviewerId)).ToList(), now,
                id => $"review-reminder-now:{callId}:{id}:{due[id].Last?.ToString("O") ?? "never"}", ct);
            foreach (var reviewer in due.Values)
            {
                var memberId = members.FirstOrDefault(m => m.UserId == reviewer.ReviewerId)?.Id.ToString() ?? reviewer.ReviewerId;
                await audit.AppendAsync(actor, nameof(JuryMember), memberId, callId, RemindedNowAction, new { remindedAt = reviewer.Last },
                    new { reviewer.ReviewerId, reviewer.Email, reviewer.Unfinished, remindedAt = now }, ct);
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw DomainException.Conflict("Another request reminded the same reviewers at the same moment: their reminder was sent once.");
            }
        }
        var reviewers = states.Select(s => s.Due
            ? new ReviewerReminder(s.ReviewerId, s.Email, s.Unfinished, true, now, now + MinimumInterval)
            : new ReviewerReminder(s.ReviewerId, s.Email, s.Unfinished, false, s.Last, s.Last + MinimumInterval)).ToList();
        return new ReviewersReminded(due.Count, states.Count - due.Count, reviewers);
    }
}
