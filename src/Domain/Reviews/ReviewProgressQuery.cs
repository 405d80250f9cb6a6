using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

/// <summary>How far the reviews of one call have come: submitted and draft reviews.</summary>
public sealed record ReviewProgress(int Submitted, int Draft)
{
    /// <summary>Every assigned review.</summary>
    public int Total => Submitted + Draft;
}

/// <summary>Reads the review progress of a call for dashboards and exports (read-only, no side effect).</summary>
public sealed class ReviewProgressQuery(CallManagerDbContext db, TimeProvider clock)
{
    /// <summary>The submitted and draft reviews of <paramref name="callId"/>.</summary>
    public async Task<ReviewProgress> ForCallAsync(Guid callId, CancellationToken ct = default)
    {
        var counts = await db.Set<Review>().AsNoTracking().Where(r => r.CallId == callId)
            .GroupBy(r => r.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(ReviewStatus status) => counts.FirstOrDefault(c => c.Status == status)?.Count ?? 0;
        return new ReviewProgress(Count(ReviewStatus.Submitted), Count(ReviewStatus.Draft));
    }

    /// <summary>Every review of the call with its dossier, reviewer, scores and whether it is set aside or late (administrators only).</summary>
    public async Task<ReviewBoard> BoardAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        JuryService.EnsureAdministrator(actor);
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw DomainException.NotFound("The call");
        var conflicted = (await ConflictRules.ConflictedPairs(db, callId).ToListAsync(ct)).ToHashSet();
        var rows = await db.Set<Review>().AsNoTracking().Where(r => r.CallId == callId)
            .Join(db.Set<Application>(), r => r.ApplicationId, a => a.Id, (r, a) => new { r, a.Reference, a.Title })
            .Join(db.Set<AppUser>(), x => x.r.ReviewerId, u => u.Id, (x, u) => new { x.r, x.Reference, x.Title, u.Email }).ToListAsync(ct);
        var passed = clock.GetUtcNow() > call.ReviewDeadline;
        var reviews = rows.OrderBy(x => x.Reference, StringComparer.Ordinal).ThenBy(x => x.Email, StringComparer.Ordinal).Select(x =>
        {
            var setAside = conflicted.Contains(new ConflictedPair(x.r.ApplicationId, x.r.ReviewerId));
            var started = x.r.Scores.Count > 0 || x.r.OverallComment is not null || x.r.Confidence is not null;
            return new ReviewBoardRow(x.r.Id, x.r.ApplicationId, x.Reference, x.Title, x.r.ReviewerId, x.Email!, x.r.Status, x.r.ManuallyAssigned, started,
                setAside, passed && !setAside && x.r.Status == ReviewStatus.Draft, x.r.Scores, x.r.OverallComment, x.r.Confidence, x.r.SubmittedAt);
        }).ToList();
        return new ReviewBoard(callId, call.ReviewDeadline, call.TimeZone, passed, call.Criteria, reviews);
    }
}
