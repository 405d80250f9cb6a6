using System.Globalization;
using Google.OrTools.Sat;

namespace CallManager.Workflow.Selection.Optimisation;

/// <summary>Says in plain words why no selection satisfies the budget and the quotas.</summary>
internal static class SelectionDiagnosis
{
    public static IReadOnlyList<string> Explain(SelectionModel m, SelectionOptions options)
    {
        var reasons = SimpleChecks(m).ToList();
        return reasons.Count > 0 ? reasons : Core(m, options);
    }

    private static IEnumerable<string> SimpleChecks(SelectionModel m)
    {
        foreach (var (quota, members) in m.Quotas.Where(q => q.Quota.Min > 0))
        {
            var min = quota.Min!.Value;
            var fundable = members.Where(m.Fundable).ToList();
            var organisations = fundable.Select(i => m.Problem.Dossiers[i].OrganisationId).Distinct().Count();
            if (fundable.Count < min)
                yield return $"{Capital(quota.Label)} needs at least {min} grants but only {fundable.Count} of its dossiers pass the pass marks.";
            else if (m.Problem.OneGrantPerOrganisation && organisations < min)
                yield return $"{Capital(quota.Label)} needs at least {min} grants but its fundable dossiers come from only {organisations} organisations.";
            else if (fundable.Select(i => m.Cents[i]).Order().Take(min).Sum() is var cheapest && cheapest > m.BudgetCents)
                yield return $"{Capital(quota.Label)} needs at least {min} grants; the {min} cheapest cost {Money(cheapest)} > budget {Money(m.BudgetCents)}.";
        }
    }

    /// <summary>Each bound is enforced by an assumption literal; CP-SAT returns a subset that cannot hold together.</summary>
    private static IReadOnlyList<string> Core(SelectionModel m, SelectionOptions options)
    {
        var cp = new CpModel();
        var bounds = new List<(BoolVar Literal, string Description)>();
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
        return [$"These constraints cannot all hold together: {string.Join("; ", blocking)}."];
    }

    private static string Describe(SelectionModel m, string name) => name switch
    {
        "budget" => $"the budget envelope of {Money(m.BudgetCents)}",
        _ when name.StartsWith("min:") => $"at least {m.Quotas.First(q => "min:" + q.Quota.Label == name).Quota.Min} grants in {name[4..]}",
        _ => $"at most {m.Quotas.First(q => "max:" + q.Quota.Label == name).Quota.Max} grants in {name[4..]}",
    };

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Money(long cents) => (cents / 100m).ToString("N2", CultureInfo.InvariantCulture);
}
