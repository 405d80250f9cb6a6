using CallManager.Workflow.Calls;
using CallManager.Workflow.Common;
using CallManager.Workflow.Persistence;
using CallManager.Workflow.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallManager.Workflow.Selection.Decisions;

/// <summary>
/// When a selected project withdraws, the first dossier of the reserve list still in reserve is offered the grant: decision
/// Selected within the freed budget (min of its request, the maximum grant and what the envelope has left), status Selected,
/// letter decision-promoted; its DossierSelected stimulus is delivered once the withdrawal is committed.
/// A withdrawn decision (selected or reserve) stops counting against the budget or the reserve list.
/// </summary>
public sealed class ReservePromotion(CallManagerDbContext db, ApplicationLifecycle lifecycle, DecisionLetters letters,
    IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReservePromotion> logger) : IWithdrawalHandler
{
    public async Task OnWithdrawnAsync(Application application, ApplicationStatus previousStatus, Actor actor, CancellationToken ct)
    {
        if (previousStatus is not (ApplicationStatus.Selected or ApplicationStatus.Reserve)) return;
        var decisions = await db.Set<Decision>().Where(d => d.CallId == application.CallId).ToListAsync(ct);
        var withdrawn = decisions.FirstOrDefault(d => d.ApplicationId == application.Id);
        if (withdrawn is null) return;
        withdrawn.WithdrawnAt = clock.GetUtcNow();
        if (previousStatus == ApplicationStatus.Selected) await PromoteFirstReserveAsync(application.CallId, decisions, ct);
    }

    private async Task PromoteFirstReserveAsync(Guid callId, List<Decision> decisions, CancellationToken ct)
    {
        var call = await db.Set<Call>().FirstAsync(c => c.Id == callId, ct);
        var reserve = decisions.Where(d => d.Outcome == DecisionOutcome.Reserve && d.WithdrawnAt is null && d.PublishedAt is not null)
            .OrderBy(d => d.ReserveRank).ToList();
        foreach (var decision in reserve)
        {
            var candidate = await db.Set<Application>().FirstAsync(a => a.Id == decision.ApplicationId, ct);
            if (candidate.Status != ApplicationStatus.Reserve) continue;
            var left = call.Budget - decisions.Where(d => d.HoldsBudget).Sum(d => d.GrantedAmount ?? 0);
            var amount = Math.Min(Math.Min(candidate.RequestedAmount ?? 0, call.MaxGrant), left);
            if (amount <= 0) return;
            var now = clock.GetUtcNow();
            decision.Outcome = DecisionOutcome.Selected;
            decision.GrantedAmount = amount;
            decision.ReserveRank = null;
            decision.StimulusKey = SelectionStimuli.Key(decision, now);
            await lifecycle.TransitionAsync(candidate, ApplicationStatus.Selected, Actor.System, "selection.reserve-promoted", new { amount }, ct);
            var summaries = await letters.SummariesAsync(call, ct);
            await letters.SendAsync(call, candidate, decision, summaries.GetValueOrDefault(candidate.Id), ct, DecisionLetters.Promoted);
            DeliverAfterCommit(callId);
            return;
        }
    }

    /// <summary>
    /// The withdrawal is saved by its caller: the stimulus is delivered from the DbContext's SavedChanges event (the runtime
    /// works in its own scope and transaction). A failure is logged; publishing the call's decisions again retries it.
    /// </summary>
    private void DeliverAfterCommit(Guid callId)
    {
        EventHandler<SavedChangesEventArgs>? handler = null;
        handler = (_, _) =>
        {
            db.SavedChanges -= handler;
            try
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<SelectionStimuli>().SendPendingAsync(callId, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                logger.LogError(e, "DossierSelected stimulus of call {CallId} not delivered after a reserve promotion; publish the decisions again to retry.", callId);
            }
        };
        db.SavedChanges += handler;
    }
}
