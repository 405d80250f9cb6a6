using CallManager.Domain.Selection.Optimisation;

namespace CallManager.Domain.Tests.Selection.Optimisation;

public class InfeasibleSelectionTests
{
    private static readonly SelectionOptions Options = new(TimeSpan.FromSeconds(5));

    private static SelectionApplication D(string id, double score, decimal amount, string region, string? organisation = null) =>
        new(id, organisation ?? "O" + id, region, "T", "SCIC", amount, new Dictionary<string, double> { ["Q"] = score });

    [Fact]
    public void A_regional_floor_with_too_few_fundable_dossiers_is_named()
    {
        var problem = new SelectionProblem([D("A", 9, 100, "N"), D("B", 2, 100, "N"), D("C", 8, 100, "S")], [new("Q", 1, PassMark: 5)], 1000,
            Quotas: [new SelectionQuota(QuotaDimension.Region, "N", Min: 2)]);

        var result = new BudgetSelector().Select(problem, Options);

        Assert.Equal(SelectionStatus.Infeasible, result.Status);
        Assert.Equal(["Region N needs at least 2 grants but only 1 of its dossiers pass the pass marks."], English(result.Infeasibilities));
        Assert.Empty(result.Selected);
    }

    [Fact]
    public void A_floor_whose_cheapest_dossiers_exceed_the_budget_is_named_with_the_figures()
    {
        var problem = new SelectionProblem([D("A", 9, 400, "N"), D("B", 8, 500, "N")], [new("Q", 1)], 800,
            Quotas: [new SelectionQuota(QuotaDimension.Region, "N", Min: 2)]);

        var result = new BudgetSelector().Select(problem, Options);

        Assert.Equal(["Region N needs at least 2 grants; the 2 cheapest cost 900.00 > budget 800.00."], English(result.Infeasibilities));
    }

    [Fact]
    public void Floors_that_only_conflict_together_are_listed_from_the_solvers_core()
    {
        var problem = new SelectionProblem(
            [D("A", 9, 300, "N"), D("B", 8, 300, "N"), D("C", 7, 300, "S"), D("D", 6, 300, "S"), D("E", 5, 300, "E")], [new("Q", 1)], 1000,
            Quotas: [new(QuotaDimension.Region, "N", Min: 2), new(QuotaDimension.Region, "S", Min: 2), new(QuotaDimension.Region, "E", Max: 1)]);

        var result = new BudgetSelector().Select(problem, Options);

        Assert.Equal(["These constraints cannot all hold together: the budget envelope of 1,000.00; at least 2 grants in region N; at least 2 grants in region S."],
            English(result.Infeasibilities));
    }

    [Fact]
    public void One_grant_per_organisation_can_make_a_floor_impossible()
    {
        var problem = new SelectionProblem([D("A", 9, 100, "N", "O1"), D("B", 8, 100, "N", "O1")], [new("Q", 1)], 1000,
            Quotas: [new SelectionQuota(QuotaDimension.Region, "N", Min: 2)]);

        var result = new BudgetSelector().Select(problem, Options);

        Assert.Equal(["Region N needs at least 2 grants but its fundable dossiers come from only 1 organisations."], English(result.Infeasibilities));
    }

    // The diagnoses are translatable texts; their English form is what these tests read.
    private static List<string> English(IEnumerable<CallManager.Domain.Common.LocalizableText> texts) => texts.Select(t => t.ToString()).ToList();
}
