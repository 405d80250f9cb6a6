using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CallManager.Domain.Selection.Decisions;

/// <summary>
/// When a selected project withdraws, the first dossier of the reserve list still in reserve is offered the grant: decision
/// Selected within the freed budget (min of its request, the maximum grant and what the envelope has left), status Selected,
/// letter decision-promoted (figures of the ranking snapshot its reserve decision was published on); its DossierSelected
/// stimulus is recorded with the withdrawal (<see cref="SelectionStimuli"/>) and delivered once it is committed.
/// A withdrawn decision (selected or reserve) stops counting against the budget or the reserve list.
/// </summary>
public sealed class ReservePromotion(CallManagerDbContext db, ApplicationLifecycle lifecycle, DecisionLetters letters,
    SelectionStimuli stimuli, TimeProvider clock, ILogger<ReservePromotion> logger) : IWithdrawalHandler
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
            await stimuli.RecordOwedAsync(callId, ct);
            await lifecycle.TransitionAsync(candidate, ApplicationStatus.Selected, Actor.System, "selection.reserve-promoted", new { amount }, ct);
            await letters.SendAsync(call, candidate, decision, await letters.SummaryAsync(call, decision, ct), ct, DecisionLetters.Promoted);
            return;
        }
    }

    /// <summary>
    /// Once the withdrawal is committed, delivers the promoted dossier's DossierSelected stimulus recorded with it. A failure
    /// is logged; the outbox's dispatcher retries it.
    /// </summary>
    public async Task AfterWithdrawalSavedAsync(Application application, CancellationToken ct)
    {
        try
        {
            await stimuli.DeliverAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "DossierSelected stimulus of call {CallId} not delivered after a withdrawal; the workflow outbox retries it.", application.CallId);
        }
    }
}
