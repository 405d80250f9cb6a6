using CallManager.Domain.Common;
using Google.OrTools.Sat;

namespace CallManager.Domain.Selection.Optimisation;

/// <summary>Says in plain words (translatable, amounts and quota names as values) why no selection satisfies the budget and the quotas.</summary>
internal static class SelectionDiagnosis
{
    public static IReadOnlyList<LocalizableText> Explain(SelectionModel m, SelectionOptions options)
    {
        var reasons = SimpleChecks(m).ToList();
        return reasons.Count > 0 ? reasons : Core(m, options);
    }

    private static IEnumerable<LocalizableText> SimpleChecks(SelectionModel m)
    {
        foreach (var (quota, members) in m.Quotas.Where(q => q.Quota.Min > 0))
        {
            var min = quota.Min!.Value;
            var fundable = members.Where(m.Fundable).ToList();
            var organisations = fundable.Select(i => m.Problem.Dossiers[i].OrganisationId).Distinct().Count();
            if (fundable.Count < min)
                yield return $"{quota.Subject} needs at least {min} grants but only {fundable.Count} of its dossiers pass the pass marks.";
            else if (m.Problem.OneGrantPerOrganisation && organisations < min)
                yield return $"{quota.Subject} needs at least {min} grants but its fundable dossiers come from only {organisations} organisations.";
            else if (fundable.Select(i => m.Cents[i]).Order().Take(min).Sum() is var cheapest && cheapest > m.BudgetCents)
                yield return $"{quota.Subject} needs at least {min} grants; the {min} cheapest cost {Money(cheapest):N2} > budget {Money(m.BudgetCents):N2}.";
        }
    }

    /// <summary>Each bound is enforced by an assumption literal; CP-SAT returns a subset that cannot hold together.</summary>
    private static IReadOnlyList<LocalizableText> Core(SelectionModel m, SelectionOptions options)
    {
        var cp = new CpModel();
        var bounds = new List<(BoolVar Literal, LocalizableText Description)>();
        BudgetSelector.Build(m, null, name =>
        {
            var literal = cp.NewBoolVar(name);
            bounds.Add((literal, Describe(m, name)));
            return literal;
        }, cp);
        cp.AddAssumptions(bounds.Select(b => b.Literal));
        // Infeasibility cores are only extracted with a single worker.
        var (status, solver) = BudgetSelector.Run(cp, options.Limit.TotalSeconds, 1);
        if (status != CpSolverStatus.Infeasible) return ["The constraints could not be shown to conflict within the time limit."];
        var core = solver.SufficientAssumptionsForInfeasibility().ToHashSet();
        var blocking = bounds.Where(b => core.Contains(b.Literal.GetIndex())).Select(b => b.Description).ToList();
        return [$"These constraints cannot all hold together: {LocalizableText.Join(LocalizableText.Semicolon, blocking)}."];
    }

    private static LocalizableText Describe(SelectionModel m, string name)
    {
        if (name == "budget") return $"the budget envelope of {Money(m.BudgetCents):N2}";
        var floor = name.StartsWith("min:", StringComparison.Ordinal);
        var quota = m.Quotas.Select(q => q.Quota).First(q => q.Label == name[4..] && (floor ? q.Min : q.Max) is not null);
        if (floor) return $"at least {quota.Min} grants in {quota.Name}";
        return $"at most {quota.Max} grants in {quota.Name}";
    }

    /// <summary>An amount in euros from cents, shown with two decimals in the reader's culture.</summary>
    private static decimal Money(long cents) => cents / 100m;
}
