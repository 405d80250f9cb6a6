using System.Globalization;

namespace CallManager.Workflow.Selection.Optimisation;

/// <summary>Says for each dossier, in rank order, why it is in or out: rank, pass marks, organisation, quota, budget.</summary>
internal static class SelectionExplainer
{
    public static IReadOnlyList<DossierVerdict> Explain(SelectionModel m, IReadOnlySet<int> chosen)
    {
        var left = m.BudgetCents - chosen.Sum(i => m.Cents[i]);
        var quotaCounts = m.Quotas.Select(q => q.Members.Count(chosen.Contains)).ToArray();
        var fundedOrganisation = chosen.GroupBy(i => m.Problem.Dossiers[i].OrganisationId).ToDictionary(g => g.Key, g => g.First());
        return m.RankOrder.Select(i =>
        {
            var reasons = chosen.Contains(i) ? In(m, i, quotaCounts) : Out(m, i, quotaCounts, left, fundedOrganisation);
            return Verdict(m, i, chosen.Contains(i), reasons);
        }).ToList();
    }

    public static IReadOnlyList<DossierVerdict> Unsolved(SelectionModel m) => m.RankOrder
        .Select(i => Verdict(m, i, false, m.Fundable(i) ? ["no valid selection exists (see the infeasibilities)"] : m.PassFailures[i]))
        .ToList();

    private static DossierVerdict Verdict(SelectionModel m, int i, bool selected, IEnumerable<string> reasons) =>
        new(m.Problem.Dossiers[i].Id, m.Ranks[i], m.Totals[i], selected, m.Granted[i], [$"rank {m.Ranks[i]}", .. reasons]);

    private static List<string> In(SelectionModel m, int i, int[] quotaCounts)
    {
        var reasons = new List<string> { "selected" };
        for (var q = 0; q < m.Quotas.Count; q++)
            if (m.Quotas[q].Quota.Min is { } min && quotaCounts[q] == min && m.IsMember(q, i))
                reasons.Add($"needed for the minimum of {min} grants in {m.Quotas[q].Quota.Label}");
        return reasons;
    }

    private static List<string> Out(SelectionModel m, int i, int[] quotaCounts, long left, Dictionary<string, int> fundedOrganisation)
    {
        if (!m.Fundable(i)) return ["not fundable: " + string.Join(", ", m.PassFailures[i])];
        var reasons = new List<string>();
        var organisation = m.Problem.Dossiers[i].OrganisationId;
        if (m.Problem.OneGrantPerOrganisation && fundedOrganisation.TryGetValue(organisation, out var other))
            reasons.Add($"organisation {organisation} already receives a grant (dossier {m.Problem.Dossiers[other].Id})");
        for (var q = 0; q < m.Quotas.Count; q++)
            if (m.Quotas[q].Quota.Max is { } max && quotaCounts[q] >= max && m.IsMember(q, i))
                reasons.Add($"{m.Quotas[q].Quota.Label} is at its maximum of {max} grants");
        if (m.Cents[i] > left)
            reasons.Add($"budget: {Money(left)} left, {Money(m.Cents[i])} needed");
        if (reasons.Count == 0)
            reasons.Add(m.Units[i] <= 0 ? "adds no ranked value" : "not reached before the time limit (the set is not proven optimal)");
        return reasons;
    }

    private static string Money(long cents) => (cents / 100m).ToString("N2", CultureInfo.InvariantCulture);
}
