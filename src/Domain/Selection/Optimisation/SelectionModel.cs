using CallManager.Domain.Common;

namespace CallManager.Domain.Selection.Optimisation;

/// <summary>The problem prepared for solving: totals, ranks, granted amounts in cents, fundability and quota members.</summary>
internal sealed class SelectionModel
{
    /// <summary>Integer value units per point of total, for CP-SAT.</summary>
    public const long Scale = 100;

    public SelectionModel(SelectionProblem problem)
    {
        Validate(problem);
        Problem = problem;
        var n = problem.Dossiers.Count;
        Totals = problem.Dossiers.Select(d => problem.Criteria.Sum(c => c.Weight * d.Scores.GetValueOrDefault(c.Name))).ToArray();
        Units = Totals.Select(t => (long)Math.Round(t * Scale)).ToArray();
        Ranks = new int[n];
        var order = Enumerable.Range(0, n).OrderByDescending(i => Units[i]).ThenBy(i => i).ToArray();
        for (var r = 0; r < n; r++) Ranks[order[r]] = r + 1;
        RankOrder = order;
        Granted = problem.Dossiers.Select(d => Math.Min(d.GrantedAmount ?? d.RequestedAmount, problem.MaxGrant ?? decimal.MaxValue)).ToArray();
        Cents = Granted.Select(a => (long)Math.Ceiling(a * 100)).ToArray();
        BudgetCents = (long)Math.Floor(problem.Budget * 100);
        // Amounts are usually round figures: dividing by their common divisor keeps the budget row exact and small.
        AmountUnit = Math.Max(1, Cents.Aggregate(0L, Gcd));
        AmountUnits = Cents.Select(c => c / AmountUnit).ToArray();
        BudgetUnits = BudgetCents / AmountUnit;
        PassFailures = problem.Dossiers.Select((d, i) => PassFailuresOf(problem, d, Totals[i])).ToArray();
        Quotas = (problem.Quotas ?? []).Select(q => (q, Enumerable.Range(0, n).Where(i => Matches(q, problem.Dossiers[i])).ToArray())).ToList();
    }

    public SelectionProblem Problem { get; }
    public double[] Totals { get; }
    public long[] Units { get; }
    public int[] Ranks { get; }
    public int[] RankOrder { get; }
    public decimal[] Granted { get; }
    public long[] Cents { get; }
    public long BudgetCents { get; }
    public long AmountUnit { get; }
    public long[] AmountUnits { get; }
    public long BudgetUnits { get; }
    public IReadOnlyList<LocalizableText>[] PassFailures { get; }
    public List<(SelectionQuota Quota, int[] Members)> Quotas { get; }
    public int Count => Problem.Dossiers.Count;
    public bool Fundable(int i) => PassFailures[i].Count == 0;

    /// <summary>Whether dossier <paramref name="i"/> counts towards quota <paramref name="q"/> (members are in index order).</summary>
    public bool IsMember(int q, int i) => Array.BinarySearch(Quotas[q].Members, i) >= 0;

    /// <summary>Each quota bound the given set breaks, in plain words.</summary>
    public IReadOnlyList<string> Violations(IReadOnlySet<int> chosen)
    {
        var messages = new List<string>();
        foreach (var (quota, members) in Quotas)
        {
            var count = members.Count(chosen.Contains);
            if (count < quota.Min) messages.Add($"{quota.Label}: {count} grants, below the minimum of {quota.Min}.");
            if (count > quota.Max) messages.Add($"{quota.Label}: {count} grants, above the maximum of {quota.Max}.");
        }
        return messages;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    private static IReadOnlyList<LocalizableText> PassFailuresOf(SelectionProblem p, SelectionApplication d, double total)
    {
        var failures = p.Criteria.Where(c => c.PassMark is { } mark && d.Scores.GetValueOrDefault(c.Name) < mark)
            .Select(c => (LocalizableText)$"below the pass mark on {c.Name} ({d.Scores.GetValueOrDefault(c.Name):0.##} < {c.PassMark:0.##})").ToList();
        if (p.OverallPassMark is { } overall && total < overall) failures.Add($"total {total:0.##} below the overall pass mark {overall:0.##}");
        return failures;
    }

    private static bool Matches(SelectionQuota q, SelectionApplication d) => string.Equals(q.Value, q.Dimension switch
    {
        QuotaDimension.Region => d.Region,
        QuotaDimension.Theme => d.Theme,
        _ => d.LegalForm,
    }, StringComparison.OrdinalIgnoreCase);

    private static void Validate(SelectionProblem p)
    {
        if (p.Budget < 0) throw DomainException.Invalid($"The budget must not be negative (got {p.Budget}).");
        var duplicate = p.Dossiers.GroupBy(d => d.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw DomainException.Invalid($"The dossier id {duplicate.Key} appears twice.");
        var badQuota = p.Quotas?.FirstOrDefault(q => q.Min > q.Max || q.Min < 0);
        if (badQuota is not null) throw DomainException.Invalid($"The quota for {badQuota.Name} has a minimum {badQuota.Min} above its maximum {badQuota.Max} or below 0.");
        var overRequested = p.Dossiers.FirstOrDefault(d => d.GrantedAmount > d.RequestedAmount);
        if (overRequested is not null) throw DomainException.Invalid($"Dossier {overRequested.Id} would be granted {overRequested.GrantedAmount} but requested only {overRequested.RequestedAmount}.");
        var negative = p.Dossiers.FirstOrDefault(d => (d.GrantedAmount ?? d.RequestedAmount) < 0);
        if (negative is not null) throw DomainException.Invalid($"Dossier {negative.Id} has a negative amount.");
    }
}
