using CallManager.Workflow.Common;
using CallManager.Workflow.Persistence;
using CallManager.Workflow.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Grants;

/// <summary>Cancels the open grant (awaiting signature or active) of a withdrawn dossier, in the withdrawal's transaction.</summary>
public sealed class GrantWithdrawalHandler(CallManagerDbContext db, GrantLifecycle lifecycle) : IWithdrawalHandler
{
    public async Task OnWithdrawnAsync(Application application, ApplicationStatus previousStatus, Actor actor, CancellationToken ct)
    {
        var grant = await db.Set<Grant>().FirstOrDefaultAsync(g => g.ApplicationId == application.Id, ct);
        if (grant is null || grant.Status is GrantStatus.Closed or GrantStatus.Cancelled) return;
        await lifecycle.CancelAsync(grant, actor, $"Dossier {application.Reference} withdrawn.", ct);
    }
}
