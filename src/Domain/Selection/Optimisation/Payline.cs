namespace CallManager.Domain.Selection.Optimisation;

/// <summary>
/// The payline rule juries use without an optimiser: in rank order, each fundable dossier whose amount still fits the
/// budget is taken (one grant per organisation when the call says so); quotas are not considered.
/// </summary>
internal static class Payline
{
    public static List<int> Take(SelectionModel m)
    {
        var left = m.BudgetCents;
        var organisations = new HashSet<string>();
        var chosen = new List<int>();
        foreach (var i in m.RankOrder)
        {
            if (!m.Fundable(i) || m.Cents[i] > left) continue;
            if (m.Problem.OneGrantPerOrganisation && !organisations.Add(m.Problem.Dossiers[i].OrganisationId)) continue;
            left -= m.Cents[i];
            chosen.Add(i);
        }
        return chosen;
    }
}
