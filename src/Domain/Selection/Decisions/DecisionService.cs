using System.Globalization;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Selection.Ranking;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Decisions;

/// <summary>
/// Administrators stage a decision per dossier (or a proposal from the budget selector), review the list with its budget
/// figures and letters, then publish everything in one step (<see cref="PublishAsync"/>). The budget envelope is never exceeded.
/// </summary>
public sealed partial class DecisionService(CallManagerDbContext db, ApplicationLifecycle lifecycle, DecisionLetters letters,
    RankingService rankings, SelectionStimuli stimuli, AuditLog audit, TimeProvider clock, EligibilityService eligibility)
{
    /// <summary>Stages (or replaces) the unpublished decision of an admissible dossier.</summary>
    public async Task<DecisionRow> StageAsync(Guid applicationId, DecisionInput input, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var application = await db.Set<Application>().FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw DomainException.NotFound("The dossier");
        var call = await db.Set<Call>().FirstAsync(c => c.Id == application.CallId, ct);
        var decisions = await db.Set<Decision>().Where(d => d.CallId == call.Id).ToListAsync(ct);
        var decision = decisions.FirstOrDefault(d => d.ApplicationId == applicationId);
        if (decision?.PublishedAt is not null)
            throw DomainException.Conflict($"The decision on {application.Reference} is published; it changes only through a complaint.");
        if (application.Status != ApplicationStatus.Admissible)
            throw DomainException.Conflict($"{application.Reference} is {application.Status}: only admissible dossiers receive a decision.");
        var outcome = input.Outcome ?? throw DomainException.Invalid("Choose the outcome: Selected, Reserve or Rejected.");
        await ValidateAsync(call, application, decisions, outcome, input, ct);
        if (decision is null) db.Add(decision = new Decision { CallId = call.Id, ApplicationId = applicationId });
        Apply(decision, input with { Outcome = outcome }, actor);
        await audit.AppendAsync(actor, nameof(Decision), decision.Id, call.Id, "selection.decision-staged", null,
            new { application.Reference, decision.Outcome, decision.GrantedAmount, decision.ReserveRank, decision.Reason }, ct);
        await db.SaveChangesAsync(ct);
        return Row(decision, application);
    }

    /// <summary>The call's decisions, budget figures, undecided dossiers and the letters publishing will send.</summary>
    public async Task<DecisionsView> ListAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw DomainException.NotFound("The call");
        var decisions = await db.Set<Decision>().AsNoTracking().Where(d => d.CallId == callId).ToListAsync(ct);
        var applications = await db.Set<Application>().AsNoTracking().Where(a => a.CallId == callId).ToDictionaryAsync(a => a.Id, ct);
        var rows = decisions.Select(d => Row(d, applications[d.ApplicationId])).OrderBy(r => r.Reference, StringComparer.Ordinal).ToList();
        var undecided = applications.Values.Where(a => a.Status == ApplicationStatus.Admissible && decisions.All(d => d.ApplicationId != a.Id))
            .Select(a => a.Reference).Order(StringComparer.Ordinal).ToList();
        var selected = decisions.Where(d => d.HoldsBudget).Sum(d => d.GrantedAmount ?? 0);
        var pending = decisions.Where(d => d.PublishedAt is null).Select(d => (d, applications[d.ApplicationId])).ToList();
        return new DecisionsView(callId, call.Budget, selected, call.Budget - selected, rows, undecided, await letters.PreviewAsync(pending, ct));
    }

    private async Task ValidateAsync(Call call, Application application, List<Decision> decisions, DecisionOutcome outcome, DecisionInput input, CancellationToken ct)
    {
        if (outcome == DecisionOutcome.Selected) await eligibility.EnsureClearedAsync(application, call, "selected", ct);
        if (outcome == DecisionOutcome.Reserve) await eligibility.EnsureClearedAsync(application, call, "put on the reserve list", ct);
        switch (outcome)
        {
            case DecisionOutcome.Selected:
                var amount = input.GrantedAmount ?? throw DomainException.Invalid("Give the granted amount of a selected dossier.");
                if (amount <= 0) throw DomainException.Invalid("The granted amount must be above 0.");
                if (amount > (application.RequestedAmount ?? 0))
                    throw DomainException.Invalid($"{application.Reference} requested {Money(application.RequestedAmount ?? 0)}: the grant cannot be more ({Money(amount)}).");
                if (amount > call.MaxGrant) throw DomainException.Invalid($"The call's maximum grant is {Money(call.MaxGrant)}; {Money(amount)} is above it.");
                EnsureWithinBudget(call, decisions, application.Id, amount);
                break;
            case DecisionOutcome.Reserve:
                var rank = input.ReserveRank ?? throw DomainException.Invalid("Give the dossier's rank on the reserve list (1 is offered first).");
                if (rank < 1) throw DomainException.Invalid("Reserve ranks start at 1.");
                var taken = decisions.FirstOrDefault(d => d.ApplicationId != application.Id && d.Outcome == DecisionOutcome.Reserve && d.WithdrawnAt is null && d.ReserveRank == rank);
                if (taken is not null)
                {
                    var other = await db.Set<Application>().Where(a => a.Id == taken.ApplicationId).Select(a => a.Reference).FirstAsync(ct);
                    throw DomainException.Conflict($"Reserve rank {rank} is already held by {other}; choose another rank or move {other} first.");
                }
                break;
            case DecisionOutcome.Rejected:
                if (string.IsNullOrWhiteSpace(input.Reason)) throw DomainException.Invalid("Give the reason for the rejection: the applicant reads it in the letter.");
                break;
        }
    }

    /// <summary>Refuses <paramref name="amount"/> for <paramref name="applicationId"/> when the selected total would pass the envelope, with the figures.</summary>
    internal static void EnsureWithinBudget(Call call, IEnumerable<Decision> decisions, Guid applicationId, decimal amount)
    {
        var already = decisions.Where(d => d.ApplicationId != applicationId && d.HoldsBudget).Sum(d => d.GrantedAmount ?? 0);
        if (already + amount > call.Budget)
            throw DomainException.Conflict($"Over budget: the envelope is {Money(call.Budget)}, {Money(already)} is already selected, " +
                $"this grant of {Money(amount)} would exceed it by {Money(already + amount - call.Budget)}.");
    }

    private void Apply(Decision decision, DecisionInput input, Actor actor)
    {
        decision.Outcome = input.Outcome!.Value;
        decision.GrantedAmount = decision.Outcome == DecisionOutcome.Selected ? input.GrantedAmount : null;
        decision.ReserveRank = decision.Outcome == DecisionOutcome.Reserve ? input.ReserveRank : null;
        decision.Reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim();
        decision.StagedBy = actor.UserId;
        decision.StagedAt = clock.GetUtcNow();
    }

    internal static DecisionRow Row(Decision d, Application a) => new(a.Id, a.Reference, a.Title, a.Status, d.Outcome, d.GrantedAmount, d.ReserveRank,
        d.Reason, d.PublishedAt, d.ComplaintsUntil, d.WithdrawnAt);

    /// <summary>An amount in euros as figures are quoted in refusals: "500,000.00 €".</summary>
    internal static Euros Money(decimal amount) => new(amount);

    private static void RequireAdministrator(Actor actor)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators stage and publish decisions.");
    }
}
