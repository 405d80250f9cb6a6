using CallManager.Domain.Audit;
using CallManager.Domain.Common;

namespace CallManager.Domain.Reviews;

/// <summary>The one function that moves a review between statuses, with the table of allowed moves.</summary>
public sealed class ReviewLifecycle(AuditLog audit, TimeProvider clock)
{
    /// <summary>Allowed moves. Submitted → Submitted is a resubmission (still possible until the review deadline).</summary>
    public static readonly IReadOnlyDictionary<ReviewStatus, ReviewStatus[]> Allowed = new Dictionary<ReviewStatus, ReviewStatus[]>
    {
        [ReviewStatus.Draft] = [ReviewStatus.Submitted],
        [ReviewStatus.Submitted] = [ReviewStatus.Submitted],
    };

    /// <summary>
    /// Moves <paramref name="review"/> to <paramref name="to"/> or throws Conflict for an illegal move. The caller checks the
    /// deadline and completeness first. Side effects: status, submission and update times set; audit entry
    /// <c>review.submitted</c> or <c>review.resubmitted</c> added; not saved.
    /// </summary>
    public async Task TransitionAsync(Review review, ReviewStatus to, Actor actor, CancellationToken ct = default)
    {
        if (!Allowed[review.Status].Contains(to))
            throw DomainException.Conflict($"A review that is {review.Status} cannot become {to}.");
        var from = review.Status;
        var now = clock.GetUtcNow();
        review.Status = to;
        review.UpdatedAt = now;
        if (to == ReviewStatus.Submitted) review.SubmittedAt = now;
        var action = from == ReviewStatus.Submitted && to == ReviewStatus.Submitted ? "review.resubmitted" : "review.submitted";
        await audit.AppendAsync(actor, nameof(Review), review.Id, review.CallId, action, new { status = from },
            new { status = to, review.ApplicationId, review.Confidence }, ct);
    }
}
