namespace CallManager.Domain.Selection.Optimisation;

/// <summary>
/// Fixes dossiers in or out before CP-SAT. <see cref="Prove"/> is reduced-cost fixing: the LP's prices give a Lagrangian
/// bound, recomputed here with one grant per organisation kept exact, so it is valid whatever the LP's tolerances; a
/// dossier is fixed when flipping it bounds every set strictly below a known valid set's value, so every set at least as
/// good keeps the fixings (the optimum and its rank tie-break are unchanged). <see cref="Core"/> is a heuristic: it only
/// leaves the dossiers nearest the LP's margin free, to find a near-optimal set fast.
/// </summary>
internal static class SelectionReduction
{
    /// <summary>Per dossier -1 (free), 0 (out) or 1 (in), proven against <paramref name="known"/> (a valid set's value in
    /// units), and the Lagrangian upper bound on the value in units.</summary>
    public static (sbyte[] Fixings, double Bound) Prove(SelectionModel m, LpRelaxation lp, IReadOnlyList<List<int>> groups, long known)
    {
        var fixings = Unfixed(m);
        var reduced = new double[m.Count];
        for (var i = 0; i < m.Count; i++) reduced[i] = m.Units[i] - lp.BudgetPrice * m.AmountUnits[i];
        var bound = lp.BudgetPrice * m.BudgetUnits;
        for (var q = 0; q < m.Quotas.Count; q++)
        {
            foreach (var i in m.Quotas[q].Members) reduced[i] -= lp.QuotaPrices[q];
            bound += lp.QuotaPrices[q] * (lp.QuotaPrices[q] > 0 ? LpRelaxation.Upper(m, q) : LpRelaxation.Lower(m, q));
        }
        var (best, second) = (new double[groups.Count], new double[groups.Count]);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var i in groups[g])
                if (reduced[i] > best[g]) (second[g], best[g]) = (best[g], reduced[i]);
                else if (reduced[i] > second[g]) second[g] = reduced[i];
            bound += best[g];
        }
        // A margin far above floating-point error and far below one value unit keeps the fixings exact.
        var threshold = known - 1e-3 - 1e-9 * Math.Abs(bound);
        for (var g = 0; g < groups.Count; g++)
            foreach (var i in groups[g])
            {
                var others = reduced[i] == best[g] ? second[g] : best[g];
                if (bound - best[g] + reduced[i] < threshold) fixings[i] = 0;
                else if (bound - best[g] + others < threshold) fixings[i] = 1;
            }
        return (fixings, bound);
    }

    /// <summary>The LP's fractional dossiers and those nearest to entering or leaving (smallest reduced cost) stay free,
    /// up to <paramref name="size"/>; the others keep their LP value. Not proven: only a warm start comes out of it.</summary>
    public static sbyte[] Core(SelectionModel m, LpRelaxation lp, IReadOnlyList<List<int>> groups, int size)
    {
        var fixings = Unfixed(m);
        var fundable = groups.SelectMany(g => g).ToList();
        var free = fundable.OrderBy(i => IsFractional(lp.Values[i]) ? 0 : 1).ThenBy(i => Math.Abs(lp.ReducedCosts[i])).ThenBy(i => i)
            .Take(size).ToHashSet();
        foreach (var i in fundable)
            if (!free.Contains(i)) fixings[i] = (sbyte)(lp.Values[i] > 0.5 ? 1 : 0);
        return fixings;
    }

    /// <summary>Fundable dossiers that exclude one another: one organisation's, or each alone when organisations may receive several.</summary>
    public static List<List<int>> Groups(SelectionModel m)
    {
        var fundable = Enumerable.Range(0, m.Count).Where(m.Fundable);
        if (!m.Problem.OneGrantPerOrganisation) return fundable.Select(i => new List<int> { i }).ToList();
        return fundable.GroupBy(i => m.Problem.Dossiers[i].OrganisationId, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
    }

    /// <summary>Every fundable dossier free, the others out.</summary>
    public static sbyte[] Unfixed(SelectionModel m)
    {
        var fixings = new sbyte[m.Count];
        for (var i = 0; i < m.Count; i++) fixings[i] = (sbyte)(m.Fundable(i) ? -1 : 0);
        return fixings;
    }

    private static bool IsFractional(double value) => value is > 1e-6 and < 1 - 1e-6;
}
