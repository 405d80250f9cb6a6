using CallManager.Domain.Selection.Optimisation;

namespace CallManager.Domain.Tests.Selection.Optimisation;

public class WhatIfTests
{
    private static readonly SelectionOptions Options = new(TimeSpan.FromSeconds(5));

    private static SelectionApplication D(string id, double impact, double quality, decimal amount, string region = "N") =>
        new(id, "O" + id, region, "T", "SCIC", amount, new Dictionary<string, double> { ["Impact"] = impact, ["Quality"] = quality });

    private static readonly SelectionProblem Problem = new(
        [D("A", 9, 2, 100), D("B", 5, 8, 100), D("C", 6, 6, 100, "S"), D("D", 3, 3, 100)],
        [new("Impact", 1.0), new("Quality", 1.0)], 200);

    [Fact]
    public void Raising_the_budget_adds_the_next_dossier_and_leaves_the_problem_unchanged()
    {
        var result = new BudgetSelector().Compare(Problem, new SelectionChange(Budget: 300), Options);

        Assert.Equal(["B", "C"], result.Before.Selected);
        Assert.Equal(["A"], result.Added);
        Assert.Empty(result.Removed);
        Assert.Equal((11.0, 100m), (result.ValueChange, result.BudgetUsedChange));
        Assert.Equal(200, Problem.Budget);
    }

    [Fact]
    public void Changing_a_weight_swaps_dossiers()
    {
        var result = new BudgetSelector().Compare(Problem, new SelectionChange(Weights: new Dictionary<string, double> { ["Quality"] = 0.1 }), Options);

        Assert.Equal(["A", "C"], result.After.Selected);
        Assert.Equal(["A"], result.Added);
        Assert.Equal(["B"], result.Removed);
    }

    [Fact]
    public void A_pass_mark_and_a_quota_change_apply_together()
    {
        var change = new SelectionChange(PassMarks: new Dictionary<string, double?> { ["Quality"] = 5 },
            Quotas: [new SelectionQuota(QuotaDimension.Region, "S", Max: 0)]);

        var result = new BudgetSelector().Compare(Problem, change, Options);

        Assert.Equal(["B"], result.After.Selected);
        Assert.Equal("rank 3; not fundable: below the pass mark on Quality (2 < 5)", result.After.Verdicts.Single(v => v.DossierId == "A").Explanation.ToString());
        Assert.Equal(["C"], result.Removed);
    }

    [Fact]
    public void An_unknown_criterion_is_refused()
    {
        var change = new SelectionChange(Weights: new Dictionary<string, double> { ["Beauty"] = 2 });

        var error = Assert.Throws<CallManager.Domain.Common.DomainException>(() => new BudgetSelector().Compare(Problem, change, Options));

        Assert.Equal("The call has no criterion named Beauty.", error.Message);
    }
}
