using CallManager.Domain.Common;
using CallManager.Domain.Selection.Optimisation;

namespace CallManager.Domain.Selection.Decisions;

/// <summary>
/// A what-if on the proposal: another budget, other quotas, dossiers forced in (funded whatever their rank) or out; compared with
/// the proposal under <paramref name="Quotas"/> (the board's quotas). Nothing is staged.
/// </summary>
public sealed record WhatIfInput(IReadOnlyList<SelectionQuota>? Quotas = null, decimal? Budget = null, IReadOnlyList<SelectionQuota>? OtherQuotas = null,
    IReadOnlyList<Guid>? ForcedIn = null, IReadOnlyList<Guid>? ForcedOut = null);

/// <summary>A dossier entering or leaving the proposal, with the reasons the selector gives for it under the changed constraints.</summary>
public sealed record WhatIfMove(Guid ApplicationId, string Reference, decimal Amount, LocalizableText Why);

/// <summary>The proposal before and after the change: budget used, dossiers entering and leaving with why, and the problems when the change has no solution.</summary>
public sealed record WhatIfView(decimal BudgetBefore, decimal BudgetAfter, decimal UsedBefore, decimal UsedAfter, int SelectedBefore, int SelectedAfter,
    IReadOnlyList<WhatIfMove> Entering, IReadOnlyList<WhatIfMove> Leaving, IReadOnlyList<LocalizableText> Problems);

public sealed partial class DecisionService
{
    /// <summary>
    /// Solves the proposal as it stands and again with the change, and lists who enters and who leaves. A dossier forced in is
    /// funded at min(requested, maximum grant) before the others: its amount leaves the budget and it counts towards the quotas
    /// of its groups; a dossier forced out is left out of the problem.
    /// </summary>
    public async Task<WhatIfView> WhatIfAsync(Guid callId, WhatIfInput input, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var context = await ProposalContextAsync(callId, input.Quotas, ct);
        var before = context.Problem;
        if (input.Budget is < 0) throw DomainException.Invalid("The budget of a what-if cannot be negative.");
        var forcedIn = (input.ForcedIn ?? []).Select(id => id.ToString()).ToHashSet();
        var forcedOut = (input.ForcedOut ?? []).Select(id => id.ToString()).Except(forcedIn).ToHashSet();
        var unknown = forcedIn.Concat(forcedOut).FirstOrDefault(id => before.Dossiers.All(d => d.Id != id));
        if (unknown is not null)
        {
            var reference = context.Rows.FirstOrDefault(r => r.ApplicationId.ToString() == unknown)?.Reference ?? unknown;
            throw DomainException.Invalid($"{reference} cannot be forced in or out: it is not fundable, not eligible or already decided.");
        }
        var pinned = before.Dossiers.Where(d => forcedIn.Contains(d.Id)).ToList();
        var quotas = (input.OtherQuotas ?? before.Quotas ?? []).Select(q =>
        {
            var taken = pinned.Count(d => Value(d, q.Dimension) == q.Value);
            return q with { Min = q.Min is { } min ? Math.Max(0, min - taken) : null, Max = q.Max is { } max ? max - taken : null };
        }).ToList();
        var overCap = quotas.FirstOrDefault(q => q.Max < 0);
        var pinnedAmount = pinned.Sum(d => d.GrantedAmount ?? d.RequestedAmount);
        var budget = input.Budget ?? before.Budget;
        var after = before with
        {
            Dossiers = before.Dossiers.Where(d => !forcedIn.Contains(d.Id) && !forcedOut.Contains(d.Id)).ToList(),
            Budget = Math.Max(0, budget - pinnedAmount),
            Quotas = quotas.Select(q => q.Max < 0 ? q with { Max = 0 } : q).ToList(),
        };
        var selector = new BudgetSelector();
        var options = new SelectionOptions(TimeSpan.FromSeconds(5));
        var first = selector.Select(before, options);
        var second = selector.Select(after, options);
        var problems = new List<LocalizableText>();
        if (pinnedAmount > budget) problems.Add($"The dossiers forced in need {Money(pinnedAmount)}, more than the budget of {Money(budget)}.");
        if (overCap is not null) problems.Add($"The dossiers forced in already pass the cap of {overCap.Max + pinned.Count(d => Value(d, overCap.Dimension) == overCap.Value)} for {overCap.Value}.");
        if (second.Status is SelectionStatus.Infeasible or SelectionStatus.Unknown) problems.AddRange(second.Infeasibilities);
        var selectedBefore = first.Status is SelectionStatus.Infeasible or SelectionStatus.Unknown ? new HashSet<string>() : first.Selected.ToHashSet();
        var selectedAfter = problems.Count > 0 ? new HashSet<string>() : second.Selected.Concat(pinned.Select(d => d.Id)).ToHashSet();
        var references = context.Rows.ToDictionary(r => r.ApplicationId.ToString(), r => r.Reference);
        var amounts = before.Dossiers.ToDictionary(d => d.Id, d => d.GrantedAmount ?? d.RequestedAmount);
        var whyAfter = second.Verdicts.ToDictionary(v => v.DossierId, v => v.Explanation);
        WhatIfMove Move(string id, Dictionary<string, LocalizableText> why, LocalizableText fallback) =>
            new(Guid.Parse(id), references[id], amounts[id], why.TryGetValue(id, out var text) ? text : fallback);
        var entering = selectedAfter.Except(selectedBefore).Select(id => Move(id, whyAfter, forcedIn.Contains(id) ? "forced in" : "selected"))
            .OrderBy(m => m.Reference, StringComparer.Ordinal).ToList();
        var leaving = selectedBefore.Except(selectedAfter).Select(id => Move(id, whyAfter, forcedOut.Contains(id) ? "forced out" : "not selected"))
            .OrderBy(m => m.Reference, StringComparer.Ordinal).ToList();
        return new WhatIfView(before.Budget, budget, first.BudgetUsed, problems.Count > 0 ? 0 : second.BudgetUsed + pinnedAmount,
            selectedBefore.Count, selectedAfter.Count, entering, leaving, problems);
    }

    private static string Value(SelectionApplication d, QuotaDimension dimension) => dimension switch
    {
        QuotaDimension.Region => d.Region,
        QuotaDimension.Theme => d.Theme,
        _ => d.LegalForm,
    };
}
