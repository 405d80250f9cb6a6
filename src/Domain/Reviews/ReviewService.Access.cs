using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

public sealed partial class ReviewService
{
    /// <summary>
    /// The reviews of a dossier: every one for administrators; for its (confirmed, non-conflicted) reviewers only once the
    /// deliberation phase opens, submitted ones only, without names and without reviews set aside by a conflict.
    /// </summary>
    public async Task<List<ApplicationReviewView>> ForDossierAsync(Guid applicationId, Actor actor, CancellationToken ct = default)
    {
        var application = await access.LoadAsync(applicationId, actor, ct);
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == application.CallId, ct);
        var conflicted = (await ConflictRules.ConflictedPairs(db, call.Id).ToListAsync(ct)).Where(p => p.ApplicationId == applicationId).Select(p => p.UserId).ToHashSet();
        var reviews = (await db.Set<Review>().AsNoTracking().Where(r => r.ApplicationId == applicationId).ToListAsync(ct)).OrderBy(r => r.AssignedAt).ThenBy(r => r.Id).ToList();
        if (actor.IsAdministrator)
        {
            var emails = await db.Set<Accounts.AppUser>().Where(u => reviews.Select(r => r.ReviewerId).Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
            return reviews.OrderBy(r => emails[r.ReviewerId]).Select(r => View(r, emails[r.ReviewerId], r.ReviewerId == actor.UserId, conflicted.Contains(r.ReviewerId))).ToList();
        }
        if (!reviews.Any(r => r.ReviewerId == actor.UserId)) throw DomainException.Forbidden("Only administrators and the dossier's reviewers read its reviews.");
        if (clock.GetUtcNow() < call.DeliberationAt)
            throw DomainException.Forbidden($"Other reviewers' scores are shown once the deliberation opens, on {CallClock.Format(call.DeliberationAt, call.TimeZone, actor.Language)}.");
        var shown = reviews.Where(r => r.Status == ReviewStatus.Submitted && !conflicted.Contains(r.ReviewerId)).ToList();
        return shown.Select((r, i) => View(r, $"{(actor.Language == "en" ? "Reviewer" : "Évaluateur")} {i + 1}", r.ReviewerId == actor.UserId, false)).ToList();
    }

    private static ApplicationReviewView View(Review r, string reviewer, bool mine, bool conflicted) =>
        new(r.Id, reviewer, mine, r.Status, r.Scores, r.OverallComment, r.Confidence, r.SubmittedAt, conflicted);

    /// <summary>The review for reading: its reviewer (confirmed, not conflicted) or an administrator; NotFound for anyone else.</summary>
    private async Task<(Review, Call)> LoadAsync(Guid id, Actor actor, CancellationToken ct)
    {
        EnsureReviewer(actor);
        var review = await db.Set<Review>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null || (review.ReviewerId != actor.UserId && !actor.IsAdministrator)) throw DomainException.NotFound("The review");
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == review.CallId, ct);
        if (review.ReviewerId != actor.UserId) return (review, call);
        await ReviewerGate.EnsureConfirmedAsync(db, call.Id, actor.UserId, ct);
        if (await ConflictRules.IsConflictedAsync(db, review.ApplicationId, actor.UserId, ct))
            throw DomainException.Forbidden("You declared a conflict with an organisation of this dossier: the review is set aside and the dossier is no longer shown to you.");
        return (review, call);
    }

    /// <summary>The review for writing: only its own reviewer.</summary>
    private async Task<(Review, Call)> LoadOwnAsync(Guid id, Actor actor, CancellationToken ct)
    {
        var (review, call) = await LoadAsync(id, actor, ct);
        if (review.ReviewerId != actor.UserId) throw DomainException.Forbidden("Only the assigned reviewer writes this review; administrators read it.");
        return (review, call);
    }
}
