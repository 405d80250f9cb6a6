using Glop = Google.OrTools.LinearSolver;

namespace CallManager.Domain.Selection.Optimisation;

/// <summary>
/// The selection's LP relaxation (GLOP): budget, quotas and one grant per organisation with 0 ≤ x ≤ 1. Its solution
/// picks the core of the search; its duals price the budget and the quotas for <see cref="SelectionReduction"/>.
/// </summary>
internal sealed class LpRelaxation
{
    private LpRelaxation(double[] values, double[] reducedCosts, double budgetPrice, double[] quotaPrices)
    {
        Values = values;
        ReducedCosts = reducedCosts;
        BudgetPrice = budgetPrice;
        QuotaPrices = quotaPrices;
    }

    /// <summary>The LP value of each dossier's variable (0 for unfundable dossiers).</summary>
    public double[] Values { get; }

    /// <summary>GLOP's reduced cost of each dossier's variable, in value units (0 for unfundable dossiers).</summary>
    public double[] ReducedCosts { get; }

    /// <summary>The budget's dual price per amount unit (≥ 0).</summary>
    public double BudgetPrice { get; }

    /// <summary>Each quota's dual price: positive when its maximum binds, negative when its minimum does, else 0.</summary>
    public double[] QuotaPrices { get; }

    /// <summary>Solves the relaxation; null when GLOP finds no optimum (infeasible problems are diagnosed elsewhere).</summary>
    public static LpRelaxation? Solve(SelectionModel m, IReadOnlyList<List<int>> groups)
    {
        using var lp = Glop.Solver.CreateSolver("GLOP");
        var x = new Glop.Variable?[m.Count];
        var objective = lp.Objective();
        var budget = lp.MakeConstraint(0, m.BudgetUnits);
        foreach (var i in groups.SelectMany(g => g))
        {
            x[i] = lp.MakeNumVar(0, 1, "");
            objective.SetCoefficient(x[i], m.Units[i]);
            budget.SetCoefficient(x[i], m.AmountUnits[i]);
        }
        var quotas = new Glop.Constraint[m.Quotas.Count];
        for (var q = 0; q < m.Quotas.Count; q++)
        {
            quotas[q] = lp.MakeConstraint(Lower(m, q), Upper(m, q));
            foreach (var i in m.Quotas[q].Members)
                if (x[i] is { } v) quotas[q].SetCoefficient(v, 1);
        }
        foreach (var group in groups.Where(g => g.Count > 1))
        {
            var one = lp.MakeConstraint(0, 1);
            foreach (var i in group) one.SetCoefficient(x[i], 1);
        }
        objective.SetMaximization();
        if (lp.Solve() != Glop.Solver.ResultStatus.OPTIMAL) return null;
        var values = x.Select(v => v?.SolutionValue() ?? 0).ToArray();
        var reducedCosts = x.Select(v => v?.ReducedCost() ?? 0).ToArray();
        // A wrong-signed price would not give a valid bound: clamp it (the bound stays valid, only weaker).
        return new LpRelaxation(values, reducedCosts, Math.Max(0, budget.DualValue()), quotas.Select((c, q) => Clamp(m, q, c.DualValue())).ToArray());
    }

    /// <summary>The quota's lowest count (its minimum, else 0).</summary>
    public static double Lower(SelectionModel m, int q) => m.Quotas[q].Quota.Min ?? 0;

    /// <summary>The quota's highest count (its maximum, else all its members).</summary>
    public static double Upper(SelectionModel m, int q) => Math.Max(Lower(m, q), m.Quotas[q].Quota.Max ?? m.Quotas[q].Members.Length);

    private static double Clamp(SelectionModel m, int q, double price) =>
        price > 0 ? (m.Quotas[q].Quota.Max is null ? 0 : price) : (m.Quotas[q].Quota.Min is null ? 0 : price);
}
