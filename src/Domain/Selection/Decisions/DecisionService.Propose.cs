using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Optimisation;
using CallManager.Domain.Selection.Ranking;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Decisions;

public sealed partial class DecisionService
{
    /// <summary>
    /// Stages a proposal from the latest ranking with <see cref="BudgetSelector"/> (value = the ranking total; budget = the
    /// envelope minus published grants; optional quotas): chosen dossiers Selected at min(requested, maximum grant), other
    /// fundable ones Reserve in ranking order, unfundable ones Rejected with their reasons. Replaces the unpublished decisions
    /// of admissible dossiers; nothing is published.
    /// </summary>
    public async Task<ProposalView> ProposeAsync(Guid callId, ProposalInput input, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var (_, rows, decisions, ineligible, problem) = await ProposalContextAsync(callId, input.Quotas, ct);
        var result = new BudgetSelector().Select(problem, new SelectionOptions(TimeSpan.FromSeconds(5)));
        if (result.Status is SelectionStatus.Infeasible or SelectionStatus.Unknown)
            throw DomainException.Conflict($"No selection satisfies the constraints: {LocalizableText.Join(" ", result.Infeasibilities)}");
        var restaged = StageProposal(callId, rows, result, decisions, ineligible, actor);
        await audit.AppendAsync(actor, nameof(Decision), callId, callId, "selection.proposal-staged", null,
            new { result.Status, result.Selected, result.BudgetUsed }, ct);
        await SaveMovingRanksAsync(restaged, ct);
        return new ProposalView(result.Status, result.Verdicts, await ListAsync(callId, actor, ct));
    }

    /// <summary>The call, the rows of the latest ranking still to decide, their decisions, the uncleared dossiers, and the selector's problem.</summary>
    private sealed record ProposalContext(Call Call, List<RankedApplication> Rows, List<Decision> Decisions, Dictionary<Guid, List<string>> Ineligible, SelectionProblem Problem);

    /// <summary>
    /// The selector's problem for the call now: fundable rows of the latest ranking that are admissible, unpublished and clear of
    /// every eligibility rule, valued by their ranking total, each granted min(requested, maximum grant); budget = envelope minus
    /// published grants; <paramref name="quotas"/> as given.
    /// </summary>
    private async Task<ProposalContext> ProposalContextAsync(Guid callId, IReadOnlyList<SelectionQuota>? quotas, CancellationToken ct)
    {
        foreach (var q in quotas ?? [])
        {
            if (q.Min is < 0 || q.Max is < 0 || q.Min > q.Max)
                throw DomainException.Invalid($"The quota on {q.Name} needs a floor and a cap of 0 or more, the floor not above the cap.");
        }
        var call = await db.Set<Call>().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw DomainException.NotFound("The call");
        var ranking = (await rankings.CurrentAsync(callId, ct)).Ranking;
        var content = (await db.Set<RankingSnapshot>().AsNoTracking().Where(s => s.CallId == callId).OrderByDescending(s => s.Number).FirstAsync(ct)).Content();
        var open = await db.Set<Application>().Where(a => a.CallId == callId && a.Status == ApplicationStatus.Admissible).ToDictionaryAsync(a => a.Id, ct);
        var decisions = await db.Set<Decision>().Where(d => d.CallId == callId).ToListAsync(ct);
        var published = decisions.Where(d => d.PublishedAt is not null).ToList();
        var rows = ranking.Dossiers.Where(d => open.ContainsKey(d.ApplicationId) && published.All(p => p.ApplicationId != d.ApplicationId)).ToList();
        // The snapshot may predate a change of eligibility: the solver only sees dossiers clear of every rule now.
        var ineligible = await eligibility.UnclearedForCallAsync(call, ct);
        var dossiers = content.Dossiers.ToDictionary(d => d.ApplicationId);
        var problem = new SelectionProblem(
            rows.Where(r => r.Fundable && !ineligible.ContainsKey(r.ApplicationId)).Select(r => new SelectionApplication(r.ApplicationId.ToString(), dossiers[r.ApplicationId].OrganisationId.ToString(),
                dossiers[r.ApplicationId].Region, dossiers[r.ApplicationId].Theme, dossiers[r.ApplicationId].LegalForm, r.RequestedAmount,
                new Dictionary<string, double> { ["total"] = (double)r.Total }, Math.Min(r.RequestedAmount, call.MaxGrant))).ToList(),
            [new SelectionCriterion("total", 1)],
            Math.Max(0, call.Budget - published.Where(d => d.HoldsBudget).Sum(d => d.GrantedAmount ?? 0)),
            Quotas: quotas, MaxGrant: call.MaxGrant);
        return new ProposalContext(call, rows, decisions, ineligible, problem);
    }

    /// <summary>
    /// Applies the proposal to the decisions of <paramref name="rows"/> and returns them. The reserve list continues after the
    /// ranks other live decisions keep (published reserves), so the proposal never takes a rank already held.
    /// </summary>
    private List<Decision> StageProposal(Guid callId, List<RankedApplication> rows, SelectionResult result, List<Decision> decisions,
        Dictionary<Guid, List<string>> ineligible, Actor actor)
    {
        var selected = result.Selected.ToHashSet();
        var verdicts = result.Verdicts.ToDictionary(v => v.DossierId);
        var proposed = rows.Select(r => r.ApplicationId).ToHashSet();
        var reserveRank = decisions.Where(d => !proposed.Contains(d.ApplicationId) && d.WithdrawnAt is null).Max(d => d.ReserveRank) ?? 0;
        var restaged = new List<Decision>();
        foreach (var row in rows)
        {
            var id = row.ApplicationId.ToString();
            // The staged reason is stored as one text the administrator may edit before publishing: written in English.
            var input = ineligible.TryGetValue(row.ApplicationId, out var rules)
                ? new DecisionInput(DecisionOutcome.Rejected, Reason: $"Not eligible: the rule(s) {string.Join(", ", rules.Select(r => $"'{r}'"))} are not met and no derogation is recorded.")
                : selected.Contains(id) ? new DecisionInput(DecisionOutcome.Selected, verdicts[id].GrantedAmount)
                : row.Fundable ? new DecisionInput(DecisionOutcome.Reserve, ReserveRank: ++reserveRank, Reason: verdicts[id].Explanation.ToString())
                : new DecisionInput(DecisionOutcome.Rejected, Reason: "Not fundable: " + string.Join("; ", row.NotFundableBecause) + ".");
            var decision = decisions.FirstOrDefault(d => d.ApplicationId == row.ApplicationId);
            if (decision is null) db.Add(decision = new Decision { CallId = callId, ApplicationId = row.ApplicationId });
            Apply(decision, input, actor);
            restaged.Add(decision);
        }
        return restaged;
    }

    /// <summary>
    /// Saves a proposal whose reserve ranks may move between already staged decisions (a swap, or 3→2 while 2→1): the unique
    /// (call, reserve rank) index is checked row by row, so the old ranks are released first, then the new ones written, in one
    /// transaction (run through the provider's execution strategy, which owns retries).
    /// </summary>
    private async Task SaveMovingRanksAsync(List<Decision> restaged, CancellationToken ct)
    {
        var moving = restaged.Where(d => db.Entry(d).State != EntityState.Added
            && db.Entry(d).Property(x => x.ReserveRank).OriginalValue is not null).Select(d => d.Id).ToList();
        if (moving.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        // The rank written in the second step must reach the row even when it equals the one it held before the release.
        foreach (var decision in restaged.Where(d => moving.Contains(d.Id))) db.Entry(decision).Property(x => x.ReserveRank).IsModified = true;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.Set<Decision>().Where(d => moving.Contains(d.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.ReserveRank, (int?)null), token);
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, token);
            await transaction.CommitAsync(token);
        }, ct);
        db.ChangeTracker.AcceptAllChanges();
    }
}
