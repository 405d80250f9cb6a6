using CallManager.Workflow.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Reviews;

/// <summary>How far the reviews of one call have come: submitted and draft reviews.</summary>
public sealed record ReviewProgress(int Submitted, int Draft)
{
    /// <summary>Every assigned review.</summary>
    public int Total => Submitted + Draft;
}

/// <summary>Reads the review progress of a call for dashboards (read-only, no side effect).</summary>
public sealed class ReviewProgressQuery(CallManagerDbContext db)
{
    /// <summary>The submitted and draft reviews of <paramref name="callId"/>.</summary>
    public async Task<ReviewProgress> ForCallAsync(Guid callId, CancellationToken ct = default)
    {
        var counts = await db.Set<Review>().AsNoTracking().Where(r => r.CallId == callId)
            .GroupBy(r => r.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(ReviewStatus status) => counts.FirstOrDefault(c => c.Status == status)?.Count ?? 0;
        return new ReviewProgress(Count(ReviewStatus.Submitted), Count(ReviewStatus.Draft));
    }
}
