using CallManager.Domain.Common;

namespace CallManager.Domain.Selection.Optimisation;

/// <summary>What the solver could prove about the returned set.</summary>
public enum SelectionStatus
{
    /// <summary>The set is proven optimal.</summary>
    Optimal,
    /// <summary>A valid set, not proven optimal within the time limit (see the gap).</summary>
    Feasible,
    /// <summary>No set satisfies the constraints; <see cref="SelectionResult.Infeasibilities"/> says which.</summary>
    Infeasible,
    /// <summary>The time limit passed before any valid set was found.</summary>
    Unknown,
}

/// <summary>Why one dossier is in or out: its rank, total, granted amount and the reasons in plain words (translatable).</summary>
public sealed record ApplicationVerdict(string DossierId, int Rank, double Total, bool Selected, decimal GrantedAmount, IReadOnlyList<LocalizableText> Reasons)
{
    /// <summary>The reasons as one sentence ("rank 2; selected"); <c>ToString()</c> gives it in English.</summary>
    public LocalizableText Explanation => LocalizableText.Join(LocalizableText.Semicolon, Reasons);
}

/// <summary>The payline (rank order until the budget is spent, quotas ignored) beside the optimal set.</summary>
public sealed record PaylineComparison(IReadOnlyList<string> Selected, double Value, decimal BudgetUsed, IReadOnlyList<string> QuotaViolations)
{
    /// <summary>Number of quota bounds the payline breaks.</summary>
    public int QuotaViolationCount => QuotaViolations.Count;
}

/// <summary>The chosen set with its proof status, ranked value, bound, budget used, a verdict per dossier and the payline comparison.</summary>
public sealed record SelectionResult(
    SelectionStatus Status,
    IReadOnlyList<string> Selected,
    double Value,
    double Bound,
    decimal BudgetUsed,
    IReadOnlyList<ApplicationVerdict> Verdicts,
    IReadOnlyList<string> QuotaViolations,
    PaylineComparison Payline,
    IReadOnlyList<LocalizableText> Infeasibilities,
    double Seconds)
{
    /// <summary>Gap between the value and the solver's bound, in percent (0 when proven optimal, NaN when no bound is known).</summary>
    public double GapPercent => double.IsNaN(Bound) ? double.NaN : Bound == 0 ? 0 : Math.Max(0, 100 * (Bound - Value) / Math.Abs(Bound));

    /// <summary>Value divided by the payline's value.</summary>
    public double? ValueVersusPayline => Payline.Value == 0 ? null : Value / Payline.Value;
}
