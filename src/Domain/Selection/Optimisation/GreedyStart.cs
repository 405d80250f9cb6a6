namespace CallManager.Domain.Selection.Optimisation;

/// <summary>
/// A quick valid set to warm-start CP-SAT (and to fall back on if the time limit passes first): floors first, then the
/// rest, each time by ranked value per euro, respecting budget, caps and organisations.
/// </summary>
internal static class GreedyStart
{
    public static List<int> Take(SelectionModel m)
    {
        var quotasOf = Enumerable.Range(0, m.Count).Select(_ => new List<int>()).ToArray();
        for (var q = 0; q < m.Quotas.Count; q++)
            foreach (var i in m.Quotas[q].Members) quotasOf[i].Add(q);
        var counts = new int[m.Quotas.Count];
        var organisations = new HashSet<string>();
        var chosen = new List<int>();
        var taken = new bool[m.Count];
        var left = m.BudgetUnits;

        bool TryAdd(int i)
        {
            if (!m.Fundable(i) || m.AmountUnits[i] > left || taken[i]) return false;
            if (quotasOf[i].Any(q => m.Quotas[q].Quota.Max is { } max && counts[q] >= max)) return false;
            if (m.Problem.OneGrantPerOrganisation && organisations.Contains(m.Problem.Dossiers[i].OrganisationId)) return false;
            organisations.Add(m.Problem.Dossiers[i].OrganisationId);
            foreach (var q in quotasOf[i]) counts[q]++;
            left -= m.AmountUnits[i];
            chosen.Add(i);
            taken[i] = true;
            return true;
        }

        var byValuePerEuro = m.RankOrder
            .OrderByDescending(i => m.AmountUnits[i] == 0 ? double.MaxValue : (double)m.Units[i] / m.AmountUnits[i]).ThenBy(i => m.Ranks[i]).ToList();
        for (var q = 0; q < m.Quotas.Count; q++)
            foreach (var i in byValuePerEuro.Where(i => m.IsMember(q, i)))
            {
                if (counts[q] >= (m.Quotas[q].Quota.Min ?? 0)) break;
                TryAdd(i);
            }
        foreach (var i in byValuePerEuro.Where(i => m.Units[i] > 0)) TryAdd(i);
        return chosen;
    }
}
