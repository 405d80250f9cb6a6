using CallManager.Workflow.Common;
using CallManager.Workflow.Persistence;
using CallManager.Workflow.Submissions;
using CallManager.Workflow.Runtime;
using Microsoft.Extensions.Logging;

namespace CallManager.Workflow.Grants;

/// <summary>
/// Cancels the open grant (awaiting signature or active) of a dossier that is withdrawn or no longer selected (a complaint
/// upheld), in that change's transaction; once it is committed, wakes the grant's workflow so that its reminder timer is
/// removed: it finishes (dossier withdrawn) or waits for the dossier to be selected again, which opens a new grant.
/// Payments already made stay recorded on the cancelled grant, kept as history.
/// </summary>
public sealed class GrantCancellation(CallManagerDbContext db, GrantLifecycle lifecycle, IWorkflowRuntime workflows,
    ILogger<GrantCancellation> logger) : IWithdrawalHandler, IDeselectionHandler
{
    public Task OnWithdrawnAsync(Application application, ApplicationStatus previousStatus, Actor actor, CancellationToken ct) =>
        CancelOpenGrantAsync(application, actor, $"Dossier {application.Reference} withdrawn.", ct);

    public Task OnDeselectedAsync(Application application, Actor actor, string reason, CancellationToken ct) =>
        CancelOpenGrantAsync(application, actor, $"Dossier {application.Reference} no longer selected: {reason}", ct);

    public Task AfterWithdrawalSavedAsync(Application application, CancellationToken ct) => WakeWorkflowAsync(application, ct);

    public Task AfterDeselectionSavedAsync(Application application, CancellationToken ct) => WakeWorkflowAsync(application, ct);

    /// <summary>The grants cancelled in this unit of work, by dossier: their workflows are woken once it is committed.</summary>
    private readonly Dictionary<Guid, Guid> _cancelled = [];

    private async Task CancelOpenGrantAsync(Application application, Actor actor, string reason, CancellationToken ct)
    {
        var grant = await db.Set<Grant>().LiveAsync(application.Id, ct);
        if (grant is null || grant.Status == GrantStatus.Closed) return;
        await lifecycle.CancelAsync(grant, actor, reason, ct);
        _cancelled[application.Id] = grant.Id;
    }

    private async Task WakeWorkflowAsync(Application application, CancellationToken ct)
    {
        if (!_cancelled.Remove(application.Id, out var grantId)) return;
        try
        {
            // Keyed by the grant: a dossier selected again, then unselected again, cancels another grant and wakes again.
            await workflows.StimulateAsync(new Stimulus(GrantService.ChangedSignal, application.Id.ToString(),
                IdempotencyKey: $"grant-cancelled:{grantId}"), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The grant workflow of dossier {Reference} was not told of its cancellation.", application.Reference);
        }
    }
}
