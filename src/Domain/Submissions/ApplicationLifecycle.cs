using CallManager.Domain.Audit;
using CallManager.Domain.Common;

namespace CallManager.Domain.Submissions;

/// <summary>The one function that moves a dossier between statuses, with the table of allowed moves.</summary>
public sealed class ApplicationLifecycle(AuditLog audit, TimeProvider clock)
{
    /// <summary>Allowed moves. Submitted → Submitted is a resubmission (a new version). Later stages add their moves here.</summary>
    public static readonly IReadOnlyDictionary<ApplicationStatus, ApplicationStatus[]> Allowed = new Dictionary<ApplicationStatus, ApplicationStatus[]>
    {
        [ApplicationStatus.Draft] = [ApplicationStatus.Submitted, ApplicationStatus.Withdrawn],
        [ApplicationStatus.Submitted] = [ApplicationStatus.Submitted, ApplicationStatus.Withdrawn, ApplicationStatus.Admissible,
            ApplicationStatus.Inadmissible, ApplicationStatus.MissingDocuments],
        [ApplicationStatus.MissingDocuments] = [ApplicationStatus.Admissible, ApplicationStatus.Inadmissible, ApplicationStatus.MissingDocuments],
        [ApplicationStatus.Admissible] = [ApplicationStatus.Inadmissible, ApplicationStatus.Selected, ApplicationStatus.Reserve,
            ApplicationStatus.Rejected, ApplicationStatus.Withdrawn],
        [ApplicationStatus.Inadmissible] = [ApplicationStatus.Admissible],
        [ApplicationStatus.Withdrawn] = [],
        // After publication: a withdrawal, a reserve promoted, or a complaint upheld (back to review, or the decision changed).
        [ApplicationStatus.Selected] = [ApplicationStatus.Withdrawn, ApplicationStatus.Admissible, ApplicationStatus.Reserve, ApplicationStatus.Rejected],
        [ApplicationStatus.Reserve] = [ApplicationStatus.Selected, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn, ApplicationStatus.Admissible],
        [ApplicationStatus.Rejected] = [ApplicationStatus.Admissible, ApplicationStatus.Selected, ApplicationStatus.Reserve],
    };

    /// <summary>
    /// Moves <paramref name="application"/> to <paramref name="to"/> or throws Conflict for an illegal move.
    /// Side effects: status and update time set, audit entry (before/after status plus <paramref name="details"/>) added, not saved.
    /// Mails are sent by the caller (or the workflow).
    /// </summary>
    public async Task TransitionAsync(Application application, ApplicationStatus to, Actor actor, string action, object? details = null, CancellationToken ct = default)
    {
        if (!Allowed[application.Status].Contains(to))
            throw DomainException.Conflict($"A dossier that is {application.Status} cannot become {to}.");
        var from = application.Status;
        application.Status = to;
        application.UpdatedAt = clock.GetUtcNow();
        await audit.AppendAsync(actor, nameof(Application), application.Id, application.CallId, action,
            new { status = from }, new { status = to, details }, ct);
    }
}
