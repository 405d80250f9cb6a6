using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using CallManager.Runtime;
using CallManager.Runtime.Outbox;

namespace CallManager.Domain.Grants;

/// <summary>
/// Cancels the open grant (awaiting signature or active) of a dossier that is withdrawn or no longer selected (a complaint
/// upheld), in that change's transaction, with the stimulus that wakes the grant's workflow (<see cref="WorkflowOutbox"/>);
/// once it is committed the stimulus is delivered (or later by the outbox dispatcher), so that its reminder timer is
/// removed: it finishes (dossier withdrawn) or waits for the dossier to be selected again, which opens a new grant.
/// Payments already made stay recorded on the cancelled grant, kept as history.
/// </summary>
public sealed class GrantCancellation(CallManagerDbContext db, GrantLifecycle lifecycle, WorkflowOutbox workflows)
    : IWithdrawalHandler, IDeselectionHandler
{
    public Task OnWithdrawnAsync(Application application, ApplicationStatus previousStatus, Actor actor, CancellationToken ct) =>
        CancelOpenGrantAsync(application, actor, $"Dossier {application.Reference} withdrawn.", ct);

    public Task OnDeselectedAsync(Application application, Actor actor, string reason, CancellationToken ct) =>
        CancelOpenGrantAsync(application, actor, $"Dossier {application.Reference} no longer selected: {reason}", ct);

    public Task AfterWithdrawalSavedAsync(Application application, CancellationToken ct) => workflows.DeliverAsync(ct);

    public Task AfterDeselectionSavedAsync(Application application, CancellationToken ct) => workflows.DeliverAsync(ct);

    private async Task CancelOpenGrantAsync(Application application, Actor actor, string reason, CancellationToken ct)
    {
        var grant = await db.Set<Grant>().LiveAsync(application.Id, ct);
        if (grant is null || grant.Status == GrantStatus.Closed) return;
        await lifecycle.CancelAsync(grant, actor, reason, ct);
        // Keyed by the grant: a dossier selected again, then unselected again, cancels another grant and wakes again.
        workflows.Stimulate(new Stimulus(GrantService.ChangedSignal, application.Id.ToString(), IdempotencyKey: $"grant-cancelled:{grant.Id}"));
    }
}
