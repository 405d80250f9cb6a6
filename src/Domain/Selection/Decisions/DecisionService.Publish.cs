using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Decisions;

public sealed partial class DecisionService
{
    /// <summary>
    /// Publishes every staged decision of the call in one transaction: each admissible dossier must have one (Conflict naming
    /// the missing ones); statuses move through <see cref="ApplicationLifecycle"/> (audited); one letter per dossier goes to the
    /// lead organisation's members in their language, its figures from the latest ranking snapshot, which the decision keeps
    /// (<see cref="Decision.RankingSnapshotId"/>); the complaint window opens; each selected dossier's DossierSelected
    /// stimulus is recorded in the same transaction (<see cref="SelectionStimuli"/>) and delivered after the commit.
    /// Publishing again sends no letter twice (stimuli still owed from before are recorded then).
    /// </summary>
    public async Task<PublicationResult> PublishAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var call = await db.Set<Call>().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw DomainException.NotFound("The call");
        var applications = await db.Set<Application>().Where(a => a.CallId == callId).ToDictionaryAsync(a => a.Id, ct);
        var decisions = await db.Set<Decision>().Where(d => d.CallId == callId).ToListAsync(ct);
        var missing = applications.Values.Where(a => a.Status == ApplicationStatus.Admissible && decisions.All(d => d.ApplicationId != a.Id))
            .Select(a => a.Reference).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw DomainException.Conflict($"Every admissible dossier needs a decision before publishing; missing: {string.Join(", ", missing)}.");
        var staged = decisions.Where(d => d.PublishedAt is null).ToList();
        var stale = staged.FirstOrDefault(d => applications[d.ApplicationId].Status != ApplicationStatus.Admissible);
        if (stale is not null)
            throw DomainException.Conflict($"{applications[stale.ApplicationId].Reference} is {applications[stale.ApplicationId].Status}; remove or restage its decision.");
        foreach (var decision in staged.Where(d => d.Outcome is DecisionOutcome.Selected or DecisionOutcome.Reserve))
            await eligibility.EnsureClearedAsync(applications[decision.ApplicationId], call,
                decision.Outcome == DecisionOutcome.Selected ? "published as selected" : "published on the reserve list", ct);
        var over = decisions.Where(d => d.HoldsBudget).Sum(d => d.GrantedAmount ?? 0) - call.Budget;
        if (over > 0) throw DomainException.Conflict($"The selected total exceeds the envelope of {Money(call.Budget)} by {Money(over)}.");

        var now = clock.GetUtcNow();
        var until = now.AddDays(call.ComplaintWindowDays);
        var sent = 0;
        if (staged.Count > 0)
        {
            var snapshotId = (await rankings.CurrentAsync(callId, ct)).SnapshotId;
            foreach (var decision in staged) decision.RankingSnapshotId = snapshotId;
            var summaries = await letters.SummariesAsync(call, staged, ct);
            foreach (var decision in staged.OrderBy(d => applications[d.ApplicationId].Reference, StringComparer.Ordinal))
            {
                var application = applications[decision.ApplicationId];
                await PublishOneAsync(call, application, decision, now, until, actor, ct);
                sent += await letters.SendAsync(call, application, decision, summaries.GetValueOrDefault(application.Id), ct);
            }
            await stimuli.RecordOwedAsync(callId, ct);
            await db.SaveChangesAsync(ct);
            await audit.WriteHeadAsync("publication", ct);
        }
        var stimuliSent = await stimuli.SendPendingAsync(callId, ct);
        return new PublicationResult(staged.Count, sent, staged.Count > 0 ? until : decisions.Max(d => d.ComplaintsUntil), stimuliSent);
    }

    private async Task PublishOneAsync(Call call, Application application, Decision decision, DateTimeOffset now, DateTimeOffset until, Actor actor, CancellationToken ct)
    {
        decision.PublishedAt = now;
        decision.ComplaintsUntil = until;
        if (decision.Outcome == DecisionOutcome.Selected) decision.StimulusKey = SelectionStimuli.Key(decision, now);
        var status = decision.Outcome switch
        {
            DecisionOutcome.Selected => ApplicationStatus.Selected,
            DecisionOutcome.Reserve => ApplicationStatus.Reserve,
            _ => ApplicationStatus.Rejected,
        };
        await lifecycle.TransitionAsync(application, status, actor, "selection.decision-published",
            new { decision.Outcome, decision.GrantedAmount, decision.ReserveRank, decision.Reason, complaintsUntil = until }, ct);
    }
}
