using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

/// <summary>Reviewers' work: their list with progress, a review with criteria and dossier, draft saves, submit and resubmit until the deadline.</summary>
public sealed partial class ReviewService(CallManagerDbContext db, ApplicationAccess access, AuditLog audit, ReviewLifecycle lifecycle, TimeProvider clock)
{
    /// <summary>The caller's reviews with, per call, n of m submitted and the review deadline in the call's zone.</summary>
    public async Task<MyReviews> MineAsync(Actor actor, CancellationToken ct = default)
    {
        EnsureReviewer(actor);
        var memberships = await db.Set<JuryMember>().AsNoTracking().Where(j => j.UserId == actor.UserId).ToListAsync(ct);
        var callIds = memberships.Select(m => m.CallId).ToList();
        var callsById = await db.Set<Call>().AsNoTracking().Where(c => callIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var conflicted = new HashSet<Guid>();
        foreach (var callId in callIds)
            conflicted.UnionWith((await ConflictRules.ConflictedPairs(db, callId).ToListAsync(ct)).Where(p => p.UserId == actor.UserId).Select(p => p.ApplicationId));
        var rows = await db.Set<Review>().AsNoTracking().Where(r => r.ReviewerId == actor.UserId)
            .Join(db.Set<Application>(), r => r.ApplicationId, a => a.Id, (r, a) => new { r, a.Reference, a.Title }).ToListAsync(ct);
        rows = rows.Where(x => !conflicted.Contains(x.r.ApplicationId)).ToList();
        var now = clock.GetUtcNow();
        var progress = memberships.Select(m => callsById[m.CallId]).OrderBy(c => c.ReviewDeadline).Select(c =>
        {
            var mine = rows.Where(x => x.r.CallId == c.Id).ToList();
            var confirmed = memberships.Single(m => m.CallId == c.Id).ConflictsConfirmedAt is not null;
            return new CallProgress(c.Id, c.Code, c.Title(actor.Language), mine.Count(x => x.r.Status == ReviewStatus.Submitted), mine.Count,
                c.ReviewDeadline, CallClock.Format(c.ReviewDeadline, c.TimeZone, actor.Language), confirmed, now >= c.DeliberationAt);
        }).ToList();
        var open = progress.Where(p => p.ConflictsConfirmed).Select(p => p.CallId).ToHashSet();
        var items = rows.OrderBy(x => x.Reference).Select(x =>
        {
            var call = callsById[x.r.CallId];
            var visible = open.Contains(x.r.CallId);
            var hideTitle = call.Review.Anonymise && call.Form.Field("title") is { Personal: true };
            return new ReviewListItem(x.r.Id, x.r.CallId, visible ? x.r.ApplicationId : null, visible ? x.Reference : null,
                visible && !hideTitle ? x.Title : null, x.r.Status, x.r.Scores.Count(s => s.Score is not null), call.Criteria.Count, x.r.SubmittedAt);
        }).ToList();
        return new MyReviews(progress, items);
    }

    /// <summary>A review with the call's criteria (anchored scales) and the dossier as the reviewer may read it; administrators read any.</summary>
    public async Task<ReviewDetail> GetAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var (review, call) = await LoadAsync(id, actor, ct);
        return await DetailAsync(review, call, actor, ct);
    }

    /// <summary>
    /// Saves scores (merged by criterion), overall comment and confidence before the review deadline. A submitted review stays
    /// submitted and must stay complete. Side effects: update time, audit entry, saved.
    /// </summary>
    public async Task<ReviewDetail> SaveAsync(Guid id, SaveReviewInput input, Actor actor, CancellationToken ct = default)
    {
        var (review, call) = await LoadOwnAsync(id, actor, ct);
        EnsureBeforeDeadline(call, actor);
        ReviewRules.Merge(review, input, call);
        if (review.Status == ReviewStatus.Submitted) ReviewRules.EnsureComplete(review, call, actor.Language);
        review.UpdatedAt = clock.GetUtcNow();
        await audit.AppendAsync(actor, nameof(Review), review.Id, call.Id, "review.saved", null, new { review.Status, scored = review.Scores.Count }, ct);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(review, call, actor, ct);
    }

    /// <summary>Submits (or resubmits) a complete review before the deadline: every criterion scored, comments where required, confidence.</summary>
    public async Task<ReviewDetail> SubmitAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var (review, call) = await LoadOwnAsync(id, actor, ct);
        EnsureBeforeDeadline(call, actor);
        ReviewRules.EnsureComplete(review, call, actor.Language);
        await lifecycle.TransitionAsync(review, ReviewStatus.Submitted, actor, ct);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(review, call, actor, ct);
    }

    internal static void EnsureReviewer(Actor actor)
    {
        if (!actor.IsReviewer && !actor.IsAdministrator) throw DomainException.Forbidden("Only reviewers and administrators use the review endpoints.");
    }

    private void EnsureBeforeDeadline(Call call, Actor actor)
    {
        if (clock.GetUtcNow() > call.ReviewDeadline)
            throw DomainException.Conflict($"The review deadline passed on {CallClock.Format(call.ReviewDeadline, call.TimeZone, actor.Language)}: reviews can no longer change.");
    }

    private async Task<ReviewDetail> DetailAsync(Review review, Call call, Actor actor, CancellationToken ct)
    {
        var dossier = ApplicationView.From(await access.LoadAsync(review.ApplicationId, actor, ct));
        var lang = actor.Language;
        var criteria = call.Criteria.Select(c => new CriterionView(c.Key, lang == "en" ? c.LabelEn : c.LabelFr, lang == "en" ? c.DescriptionEn : c.DescriptionFr,
            c.Weight, c.ScaleMax, (c.Anchors ?? []).OrderBy(a => a.Score).Select(a => new AnchorView(a.Score, lang == "en" ? a.LabelEn : a.LabelFr)).ToList())).ToList();
        return new ReviewDetail(review.Id, review.CallId, review.ApplicationId, review.ReviewerId, review.Status, criteria, review.Scores, review.OverallComment,
            review.Confidence, review.UpdatedAt, review.SubmittedAt, call.ReviewDeadline, CallClock.Format(call.ReviewDeadline, call.TimeZone, lang),
            clock.GetUtcNow() <= call.ReviewDeadline && review.ReviewerId == actor.UserId, call.Review.RequireCriterionComments, dossier, review.Version) { TimeZone = call.TimeZone };
    }
}
