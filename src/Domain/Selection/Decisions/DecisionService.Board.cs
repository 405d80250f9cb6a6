using CallManager.Domain.Common;
using CallManager.Domain.Selection.Optimisation;
using CallManager.Domain.Selection.Ranking;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Decisions;

/// <summary>The selector's proposal for one dossier, not staged: in or out, the amount, and why in plain words.</summary>
public sealed record ProposedVerdict(bool Selected, decimal Amount, LocalizableText Explanation);

/// <summary>
/// One row of the selection board: rank, scores (raw, calibrated, the one that ranks), bootstrap funded share, requested
/// amount and the most a grant may be, eligibility (rules failed without derogation, derogations held), quota groups, the
/// proposal, the staged or published decision, and the running total of selected amounts down to this row.
/// </summary>
public sealed record BoardRow(int Rank, Guid ApplicationId, string Reference, string Title, decimal RawTotal, decimal? CalibratedTotal, decimal Total,
    decimal? FundedShare, decimal Requested, decimal MostGranted, bool Fundable, IReadOnlyList<LocalizableText> NotFundableBecause,
    IReadOnlyList<string> IneligibleRules, IReadOnlyList<string> Derogations, string Region, string Theme, string LegalForm,
    ProposedVerdict? Proposal, DecisionRow? Decision, decimal RunningTotal, bool OverBudget)
{
    /// <summary>May be selected or put on the reserve list: no eligibility rule failed without a derogation.</summary>
    public bool Cleared => IneligibleRules.Count == 0;

    /// <summary>The decision is published: it changes only through a complaint.</summary>
    public bool Published => Decision?.PublishedAt is not null;
}

/// <summary>
/// The selection board of a call: rows in ranking order with their running total, the funding line (after the last selected row
/// the envelope covers), the budget figures, the proposal with the quotas given (or why none exists), and the values quotas can count.
/// </summary>
public sealed record SelectionBoard(Guid CallId, decimal Budget, decimal MaxGrant, decimal SelectedTotal, decimal Remaining, IReadOnlyList<BoardRow> Rows,
    int FundingLine, SelectionStatus? ProposalStatus, IReadOnlyList<LocalizableText> ProposalProblems, IReadOnlyList<SelectionQuota> Quotas,
    IReadOnlyList<string> QuotaViolations, IReadOnlyDictionary<QuotaDimension, IReadOnlyList<string>> QuotaValues, IReadOnlyList<string> Undecided);

public sealed partial class DecisionService
{
    /// <summary>
    /// The board an administrator selects on: the latest ranking with each dossier's figures, eligibility, quota groups, the
    /// selector's proposal under <paramref name="quotas"/> (computed, never staged), the decisions, the running total of selected
    /// amounts in rank order and the funding line. Nothing is changed.
    /// </summary>
    public async Task<SelectionBoard> BoardAsync(Guid callId, IReadOnlyList<SelectionQuota>? quotas, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var context = await ProposalContextAsync(callId, quotas, ct);
        var call = context.Call;
        var ranking = (await rankings.CurrentAsync(callId, ct)).Ranking;
        var content = (await db.Set<RankingSnapshot>().AsNoTracking().Where(s => s.CallId == callId).OrderByDescending(s => s.Number).FirstAsync(ct)).Content();
        var frozen = content.Dossiers.ToDictionary(d => d.ApplicationId);
        var list = await ListAsync(callId, actor, ct);
        var decisions = list.Decisions.ToDictionary(d => d.ApplicationId);
        var derogations = (await eligibility.DerogationsForCallAsync(callId, ct)).ToLookup(d => d.ApplicationId, d => d.Rule);
        var result = context.Problem.Dossiers.Count == 0 ? null : new BudgetSelector().Select(context.Problem, new SelectionOptions(TimeSpan.FromSeconds(5)));
        var solved = result is { Status: SelectionStatus.Optimal or SelectionStatus.Feasible };
        var verdicts = solved ? result!.Verdicts.ToDictionary(v => v.DossierId) : new Dictionary<string, ApplicationVerdict>();
        var running = 0m;
        var rows = new List<BoardRow>();
        foreach (var r in ranking.Dossiers)
        {
            var decision = decisions.GetValueOrDefault(r.ApplicationId);
            var amount = decision is { Outcome: DecisionOutcome.Selected, WithdrawnAt: null } ? decision.GrantedAmount ?? 0 : 0;
            running += amount;
            var snapshot = frozen.GetValueOrDefault(r.ApplicationId);
            var proposal = verdicts.TryGetValue(r.ApplicationId.ToString(), out var v) ? new ProposedVerdict(v.Selected, v.GrantedAmount, v.Explanation) : null;
            rows.Add(new BoardRow(r.Rank, r.ApplicationId, r.Reference, r.Title, r.RawTotal, r.CalibratedTotal, r.Total, r.FundedShare, r.RequestedAmount,
                Math.Min(r.RequestedAmount, call.MaxGrant), r.Fundable, r.NotFundableBecause, context.Ineligible.GetValueOrDefault(r.ApplicationId) ?? [],
                derogations[r.ApplicationId].ToList(), snapshot?.Region ?? "", snapshot?.Theme ?? "", snapshot?.LegalForm ?? "",
                proposal, decision, running, amount > 0 && running > call.Budget));
        }
        var fundingLine = rows.FindLastIndex(r => r.Decision is { Outcome: DecisionOutcome.Selected } && !r.OverBudget) + 1;
        var values = new Dictionary<QuotaDimension, IReadOnlyList<string>>
        {
            [QuotaDimension.Region] = Distinct(rows.Select(r => r.Region)),
            [QuotaDimension.Theme] = Distinct(rows.Select(r => r.Theme)),
            [QuotaDimension.LegalForm] = Distinct(rows.Select(r => r.LegalForm)),
        };
        return new SelectionBoard(callId, call.Budget, call.MaxGrant, list.SelectedTotal, list.Remaining, rows, fundingLine, result?.Status,
            result is null || solved ? [] : result.Infeasibilities, quotas ?? [], result?.QuotaViolations ?? [], values, list.Undecided);
    }

    private static List<string> Distinct(IEnumerable<string> values) => values.Where(v => v.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
}

/// <summary>A dossier's decision the board could not stage, with the refusal.</summary>
public sealed record StageRefusal(Guid ApplicationId, string Reference, DomainException Refusal);

public sealed partial class DecisionService
{
    /// <summary>
    /// Stages the board's changed rows through <see cref="StageAsync"/>, one by one: first the rows that free budget (reserve,
    /// rejection, lower amounts), then the selections by amount, so a swap within the envelope passes. Returns the rows refused,
    /// each with its refusal; the others are staged.
    /// </summary>
    public async Task<List<StageRefusal>> StageManyAsync(IReadOnlyList<(Guid ApplicationId, DecisionInput Input)> rows, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var ids = rows.Select(r => r.ApplicationId).ToList();
        var current = await db.Set<Decision>().AsNoTracking().Where(d => ids.Contains(d.ApplicationId)).ToDictionaryAsync(d => d.ApplicationId, d => d.GrantedAmount ?? 0, ct);
        var ordered = rows.OrderBy(r => r.Input.Outcome == DecisionOutcome.Selected ? 1 : 0)
            .ThenBy(r => (r.Input.GrantedAmount ?? 0) - current.GetValueOrDefault(r.ApplicationId)).ToList();
        var refused = new List<StageRefusal>();
        foreach (var (id, input) in ordered)
        {
            try { await StageAsync(id, input, actor, ct); }
            catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
            {
                db.ChangeTracker.Clear(); // a refused row leaves nothing half-applied for the next one
                var reference = await db.Set<Submissions.Application>().Where(a => a.Id == id).Select(a => a.Reference).FirstOrDefaultAsync(ct) ?? id.ToString();
                refused.Add(new StageRefusal(id, reference, refusal));
            }
        }
        return refused;
    }
}
