using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Decisions;

public sealed partial class DecisionService
{
    /// <summary>
    /// Changes a published decision (a complaint upheld): same rules as staging (amounts, reserve ranks, reason, budget),
    /// the dossier's status follows through the lifecycle, and a new selection owes a DossierSelected stimulus. Not saved.
    /// </summary>
    internal async Task ReviseAsync(Call call, Application application, Decision decision, DecisionInput input, Actor actor, CancellationToken ct)
    {
        var outcome = input.Outcome ?? throw DomainException.Invalid("Choose the new outcome: Selected, Reserve or Rejected.");
        var decisions = await db.Set<Decision>().Where(d => d.CallId == call.Id).ToListAsync(ct);
        await ValidateAsync(call, application, decisions, outcome, input, ct);
        var wasSelected = decision.Outcome == DecisionOutcome.Selected;
        Apply(decision, input with { Outcome = outcome }, actor);
        if (outcome == DecisionOutcome.Selected && !wasSelected)
        {
            decision.StimulusKey = SelectionStimuli.Key(decision, clock.GetUtcNow());
            decision.StimulusSentAt = null;
        }
        else if (outcome != DecisionOutcome.Selected && decision.StimulusSentAt is null)
            decision.StimulusKey = null; // a selection revoked before its DossierSelected went out: no grant is owed any more
        var status = outcome switch
        {
            DecisionOutcome.Selected => ApplicationStatus.Selected,
            DecisionOutcome.Reserve => ApplicationStatus.Reserve,
            _ => ApplicationStatus.Rejected,
        };
        if (application.Status != status)
            await lifecycle.TransitionAsync(application, status, actor, "selection.decision-revised",
                new { decision.Outcome, decision.GrantedAmount, decision.ReserveRank, decision.Reason }, ct);
    }
}
