using CallManager.Domain.Audit;
using CallManager.Domain.Common;

namespace CallManager.Domain.Selection.Complaints;

/// <summary>The one function that moves a complaint between statuses, with the table of allowed moves.</summary>
public sealed class ComplaintLifecycle(AuditLog audit, TimeProvider clock)
{
    /// <summary>Allowed moves: an open complaint is rejected or upheld once; a decided one stays as it is.</summary>
    public static readonly IReadOnlyDictionary<ComplaintStatus, ComplaintStatus[]> Allowed = new Dictionary<ComplaintStatus, ComplaintStatus[]>
    {
        [ComplaintStatus.Open] = [ComplaintStatus.Rejected, ComplaintStatus.Upheld],
        [ComplaintStatus.Rejected] = [],
        [ComplaintStatus.Upheld] = [],
    };

    /// <summary>
    /// Decides <paramref name="complaint"/>: <paramref name="to"/> with its reason (and, when upheld, the action taken), or
    /// throws Conflict when it was already decided. Side effects: status, action, reason, who and when set; audit entry
    /// <c>selection.complaint-resolved</c> added; not saved. The dossier's change and the outcome mail are the caller's.
    /// </summary>
    public async Task DecideAsync(Complaint complaint, ComplaintStatus to, string reason, UpheldAction? action, Actor actor, CancellationToken ct = default)
    {
        if (!Allowed[complaint.Status].Contains(to))
            throw complaint.Status == ComplaintStatus.Open
                ? DomainException.Invalid("The outcome is Rejected or Upheld.")
                : DomainException.Conflict($"This complaint was already {complaint.Status.ToString().ToLowerInvariant()}.");
        complaint.Status = to;
        complaint.Action = to == ComplaintStatus.Upheld ? action : null;
        complaint.Reason = reason.Trim();
        complaint.ResolvedBy = actor.UserId;
        complaint.ResolvedAt = clock.GetUtcNow();
        await audit.AppendAsync(actor, nameof(Complaint), complaint.Id, complaint.CallId, "selection.complaint-resolved", null,
            new { complaint.Status, complaint.Action, complaint.Reason }, ct);
    }
}
