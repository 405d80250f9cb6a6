using CallManager.Domain.Common;

namespace CallManager.Domain.Selection.Optimisation;

/// <summary>
/// Says for each dossier, in rank order, why it is in or out: rank, pass marks, organisation, quota, budget; each reason a
/// translatable text whose figures and names are values.
/// </summary>
internal static class SelectionExplainer
{
    public static IReadOnlyList<ApplicationVerdict> Explain(SelectionModel m, IReadOnlySet<int> chosen)
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

    public static IReadOnlyList<ApplicationVerdict> Unsolved(SelectionModel m) => m.RankOrder
        .Select(i => Verdict(m, i, false, m.Fundable(i) ? ["no valid selection exists (see the infeasibilities)"] : m.PassFailures[i]))
        .ToList();

    private static ApplicationVerdict Verdict(SelectionModel m, int i, bool selected, IEnumerable<LocalizableText> reasons) =>
        new(m.Problem.Dossiers[i].Id, m.Ranks[i], m.Totals[i], selected, m.Granted[i], [$"rank {m.Ranks[i]}", .. reasons]);

    private static List<LocalizableText> In(SelectionModel m, int i, int[] quotaCounts)
    {
        var reasons = new List<LocalizableText> { "selected" };
        for (var q = 0; q < m.Quotas.Count; q++)
            if (m.Quotas[q].Quota.Min is { } min && quotaCounts[q] == min && m.IsMember(q, i))
                reasons.Add($"needed for the minimum of {min} grants in {m.Quotas[q].Quota.Name}");
        return reasons;
    }

    private static List<LocalizableText> Out(SelectionModel m, int i, int[] quotaCounts, long left, Dictionary<string, int> fundedOrganisation)
    {
        if (!m.Fundable(i)) return [$"not fundable: {LocalizableText.Join(", ", m.PassFailures[i])}"];
        var reasons = new List<LocalizableText>();
        var organisation = m.Problem.Dossiers[i].OrganisationId;
        if (m.Problem.OneGrantPerOrganisation && fundedOrganisation.TryGetValue(organisation, out var other))
            reasons.Add($"organisation {organisation} already receives a grant (dossier {m.Problem.Dossiers[other].Id})");
        for (var q = 0; q < m.Quotas.Count; q++)
            if (m.Quotas[q].Quota.Max is { } max && quotaCounts[q] >= max && m.IsMember(q, i))
                reasons.Add($"{m.Quotas[q].Quota.Name} is at its maximum of {max} grants");
        if (m.Cents[i] > left)
            reasons.Add($"budget: {Money(left):N2} left, {Money(m.Cents[i]):N2} needed");
        if (reasons.Count == 0)
        {
            if (m.Units[i] <= 0) reasons.Add("adds no ranked value");
            else reasons.Add("not reached before the time limit (the set is not proven optimal)");
        }
        return reasons;
    }

    /// <summary>An amount in euros from cents, shown with two decimals in the reader's culture.</summary>
    private static decimal Money(long cents) => cents / 100m;
}
