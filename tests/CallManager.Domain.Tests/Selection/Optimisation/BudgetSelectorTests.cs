using CallManager.Domain.Selection.Optimisation;

namespace CallManager.Domain.Tests.Selection.Optimisation;

public class BudgetSelectorTests
{
    private static readonly SelectionCriterion[] OneCriterion = [new("Q", 1.0)];
    private static readonly SelectionOptions Options = new(TimeSpan.FromSeconds(5));

    private static SelectionApplication D(string id, double score, decimal amount, string region = "N", string theme = "T",
        string? organisation = null, string form = "SCIC") =>
        new(id, organisation ?? "O" + id, region, theme, form, amount, new Dictionary<string, double> { ["Q"] = score });

    [Theory]
    [InlineData(1, 12)]
    [InlineData(2, 12)]
    [InlineData(3, 12)]
    [InlineData(4, 12)]
    [InlineData(5, 16)]
    [InlineData(6, 16)]
    public void The_set_has_the_brute_force_optimal_value_and_rank_tie_break(int seed, int count)
    {
        var problem = SelectionInstances.Random(seed, count);

        var result = new BudgetSelector().Select(problem, Options);

        var (bestValue, bestRankSum) = SelectionInstances.BruteForce(problem);
        Assert.Equal(SelectionStatus.Optimal, result.Status);
        Assert.Equal(bestValue, result.Value, 6);
        Assert.Equal(bestRankSum, result.Verdicts.Where(v => v.Selected).Sum(v => v.Rank));
        Assert.Empty(result.QuotaViolations);
        Assert.Equal(0, result.GapPercent);
    }

    [Fact]
    public void Knapsack_beats_the_payline_when_the_top_dossier_is_expensive()
    {
        var problem = new SelectionProblem([D("A", 10, 600), D("B", 9, 500), D("C", 8, 500)], OneCriterion, 1000);

        var result = new BudgetSelector().Select(problem, Options);

        Assert.Equal(["B", "C"], result.Selected);
        Assert.Equal((17.0, 1000m), (result.Value, result.BudgetUsed));
        Assert.Equal(["A"], result.Payline.Selected);
        Assert.Equal(10.0, result.Payline.Value);
        Assert.Equal(["rank 1", "budget: 0.00 left, 600.00 needed"], result.Verdicts[0].Reasons.Select(r => r.ToString()));
    }

    [Fact]
    public void Each_excluded_dossier_says_which_rule_keeps_it_out()
    {
        var problem = new SelectionProblem(
            [D("A", 10, 100, organisation: "O1"), D("B", 9, 100, organisation: "O1"), D("C", 8, 100, region: "S"), D("D", 7, 100, region: "S"),
             D("E", 6, 100), D("F", 2, 100, region: "W"), D("G", 1, 900)],
            [new SelectionCriterion("Q", 1.0)], 400, OverallPassMark: 1.5,
            Quotas: [new SelectionQuota(QuotaDimension.Region, "S", Max: 1), new SelectionQuota(QuotaDimension.Region, "W", Min: 1)]);

        var result = new BudgetSelector().Select(problem, Options);

        var reasons = result.Verdicts.ToDictionary(v => v.DossierId, v => v.Explanation.ToString());
        Assert.Equal(["A", "C", "E", "F"], result.Selected);
        Assert.Equal("rank 2; organisation O1 already receives a grant (dossier A); budget: 0.00 left, 100.00 needed", reasons["B"]);
        Assert.Equal("rank 4; region S is at its maximum of 1 grants; budget: 0.00 left, 100.00 needed", reasons["D"]);
        Assert.Equal("rank 6; selected; needed for the minimum of 1 grants in region W", reasons["F"]);
        Assert.Equal("rank 7; not fundable: total 1 below the overall pass mark 1.5", reasons["G"]);
        Assert.Equal(["A", "C", "D", "E"], result.Payline.Selected);
        Assert.Equal(["region S: 2 grants, above the maximum of 1.", "region W: 0 grants, below the minimum of 1."], result.Payline.QuotaViolations);
    }

    [Fact]
    public void Equal_dossiers_go_to_the_earlier_one_in_the_calls_tie_break_order_every_time()
    {
        var problem = new SelectionProblem(Enumerable.Range(1, 8).Select(i => D($"X{i}", 5, 100)).ToList(), OneCriterion, 300);

        var runs = Enumerable.Range(0, 3).Select(_ => new BudgetSelector().Select(problem, Options).Selected).ToList();

        Assert.All(runs, r => Assert.Equal(["X1", "X2", "X3"], r));
    }

    [Fact]
    public void Granted_amounts_are_capped_by_the_calls_maximum_grant()
    {
        var problem = new SelectionProblem([D("A", 10, 800), D("B", 9, 500)], OneCriterion, 1000, MaxGrant: 500);

        var result = new BudgetSelector().Select(problem, Options);

        Assert.Equal(["A", "B"], result.Selected);
        Assert.Equal(1000m, result.BudgetUsed);
        Assert.Equal(500m, result.Verdicts[0].GrantedAmount);
    }
}
