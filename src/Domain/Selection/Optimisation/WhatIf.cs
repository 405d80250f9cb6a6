using CallManager.Domain.Common;

namespace CallManager.Domain.Selection.Optimisation;

/// <summary>A jury's tentative change: budget, criterion weights or pass marks, overall pass mark, quotas (null = unchanged).</summary>
public sealed record SelectionChange(
    decimal? Budget = null,
    IReadOnlyDictionary<string, double>? Weights = null,
    IReadOnlyDictionary<string, double?>? PassMarks = null,
    double? OverallPassMark = null,
    IReadOnlyList<SelectionQuota>? Quotas = null)
{
    /// <summary>The problem with the change applied (the original is not modified).</summary>
    public SelectionProblem ApplyTo(SelectionProblem problem)
    {
        var unknown = (Weights?.Keys ?? []).Concat(PassMarks?.Keys ?? []).FirstOrDefault(n => problem.Criteria.All(c => c.Name != n));
        if (unknown is not null) throw DomainException.Invalid($"The call has no criterion named {unknown}.");
        var criteria = problem.Criteria.Select(c => c with
        {
            Weight = Weights?.GetValueOrDefault(c.Name, c.Weight) ?? c.Weight,
            PassMark = PassMarks is not null && PassMarks.TryGetValue(c.Name, out var mark) ? mark : c.PassMark,
        }).ToList();
        return problem with
        {
            Budget = Budget ?? problem.Budget,
            Criteria = criteria,
            OverallPassMark = OverallPassMark ?? problem.OverallPassMark,
            Quotas = Quotas ?? problem.Quotas,
        };
    }
}

/// <summary>The set before and after a what-if change and their differences; nothing is applied.</summary>
public sealed record WhatIfResult(SelectionResult Before, SelectionResult After, IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    /// <summary>Change in ranked value.</summary>
    public double ValueChange => After.Value - Before.Value;

    /// <summary>Change in the budget used.</summary>
    public decimal BudgetUsedChange => After.BudgetUsed - Before.BudgetUsed;
}

/// <summary>What-if analysis on top of <see cref="BudgetSelector"/>.</summary>
public static class SelectionWhatIf
{
    /// <summary>Solves the current and the changed problem and lists the dossiers that enter and leave the set.</summary>
    public static WhatIfResult Compare(this BudgetSelector selector, SelectionProblem problem, SelectionChange change, SelectionOptions? options = null)
    {
        var before = selector.Select(problem, options);
        var after = selector.Select(change.ApplyTo(problem), options);
        return new WhatIfResult(before, after, after.Selected.Except(before.Selected).ToList(), before.Selected.Except(after.Selected).ToList());
    }
}
