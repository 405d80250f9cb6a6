using CallManager.Workflow.Common;
using CallManager.Workflow.Persistence;
using CallManager.Workflow.Submissions;
using CallManager.Workflow.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CallManager.Workflow.Grants;

/// <summary>
/// Cancels the open grant (awaiting signature or active) of a dossier that is withdrawn or no longer selected (a complaint
/// upheld), in that change's transaction; once it is committed, wakes the grant's workflow so that it finishes instead of
/// waiting for a reminder that will never be due. Payments already made stay recorded on the cancelled grant.
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

    private async Task CancelOpenGrantAsync(Application application, Actor actor, string reason, CancellationToken ct)
    {
        var grant = await db.Set<Grant>().FirstOrDefaultAsync(g => g.ApplicationId == application.Id, ct);
        if (grant is null || grant.Status is GrantStatus.Closed or GrantStatus.Cancelled) return;
        await lifecycle.CancelAsync(grant, actor, reason, ct);
    }

    private async Task WakeWorkflowAsync(Application application, CancellationToken ct)
    {
        if (!await db.Set<Grant>().AnyAsync(g => g.ApplicationId == application.Id && g.Status == GrantStatus.Cancelled, ct)) return;
        try
        {
            await workflows.StimulateAsync(new Stimulus(GrantService.ChangedSignal, application.Id.ToString(),
                IdempotencyKey: $"grant-cancelled:{application.Id}"), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The grant workflow of dossier {Reference} was not told of its cancellation.", application.Reference);
        }
    }
}
