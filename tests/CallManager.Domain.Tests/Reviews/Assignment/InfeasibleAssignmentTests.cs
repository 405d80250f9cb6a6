using CallManager.Domain.Reviews.Assignment;

namespace CallManager.Domain.Tests.Reviews.Assignment;

public class InfeasibleAssignmentTests
{
    private static List<AssignmentReviewer> Reviewers(int count, int max, int min = 0) =>
        Enumerable.Range(1, count).Select(i => new AssignmentReviewer($"R{i}", ["a"], min, max)).ToList();

    private static List<AssignmentApplication> Dossiers(int count) =>
        Enumerable.Range(1, count).Select(i => new AssignmentApplication($"D{i}", ["a"])).ToList();

    [Fact]
    public void A_dossier_with_too_few_non_conflicted_reviewers_is_named()
    {
        var problem = new AssignmentProblem(Dossiers(12), Reviewers(4, 12), 3,
            [new ForbiddenPair("R1", "D12"), new ForbiddenPair("R2", "D12")]);

        var result = new MinCostFlowAssigner().Assign(problem);

        Assert.False(result.Report.Feasible);
        Assert.Equal(["Dossier D12 has only 2 non-conflicted reviewers for 3 slots."], English(result.Report.Infeasibilities));
        Assert.Equal(35, result.Report.FilledSlots);
    }

    [Fact]
    public void Total_capacity_below_the_slots_is_reported_with_both_figures()
    {
        var problem = new AssignmentProblem(Dossiers(150), Reviewers(6, 70), 3);

        var result = new MinCostFlowAssigner().Assign(problem);

        Assert.Equal(["Total capacity 420 < 450 slots: raise maximum loads or invite more reviewers."], English(result.Report.Infeasibilities));
        Assert.Equal(420, result.Report.FilledSlots);
    }

    [Fact]
    public void A_group_of_dossiers_sharing_too_few_reviewers_is_named_with_its_figures()
    {
        // D1 and D2 may only be read by R1 and R2 (R3 and R4 are conflicted), who take one dossier each: 4 reviews, 2 possible.
        var reviewers = new List<AssignmentReviewer> { new("R1", ["a"], 0, 1), new("R2", ["a"], 0, 1), new("R3", ["a"], 0, 9), new("R4", ["a"], 0, 9) };
        var conflicts = new[] { "D1", "D2" }.SelectMany(d => new[] { new ForbiddenPair("R3", d), new ForbiddenPair("R4", d) }).ToList();
        var problem = new AssignmentProblem(Dossiers(4), reviewers, 2, conflicts);

        var result = new MinCostFlowAssigner().Assign(problem);

        Assert.Equal(["Dossiers D1, D2 need 4 reviews together, but their non-conflicted reviewers (R1, R2) can give at most 2 within their maximum loads."],
            English(result.Report.Infeasibilities));
    }

    [Fact]
    public void A_minimum_load_above_the_reviewers_eligible_dossiers_is_named()
    {
        var reviewers = Reviewers(3, 10).Append(new AssignmentReviewer("R4", ["a"], 3, 10)).ToList();
        var conflicts = new[] { "D1", "D2" }.Select(d => new ForbiddenPair("R4", d)).ToList();
        var problem = new AssignmentProblem(Dossiers(4), reviewers, 2, conflicts);

        var result = new MinCostFlowAssigner().Assign(problem);

        Assert.Equal(["Reviewer R4 has a minimum load of 3 but only 2 dossiers without conflict."], English(result.Report.Infeasibilities));
    }

    [Fact]
    public void Minimum_loads_above_the_slots_are_reported()
    {
        var problem = new AssignmentProblem(Dossiers(4), Reviewers(3, 10, min: 3), 2);

        var result = new MinCostFlowAssigner().Assign(problem);

        Assert.Equal(["Minimum loads add up to 9 > 8 slots: lower the minimum loads."], English(result.Report.Infeasibilities));
    }

    [Fact]
    public void A_malformed_load_range_is_refused_with_the_reviewer_named()
    {
        var problem = new AssignmentProblem(Dossiers(2), [new AssignmentReviewer("R9", [], 4, 2)], 1);

        var error = Assert.Throws<CallManager.Domain.Common.DomainException>(() => new MinCostFlowAssigner().Assign(problem));

        Assert.Equal("Reviewer R9 has a load range 4..2: the minimum must be 0 or more and not above the maximum.", error.Message);
    }

    [Fact]
    public void The_baseline_names_a_minimum_load_it_missed_while_the_flow_meets_it()
    {
        // The greedy baseline spreads D1..D4 over R1..R4 (least loaded first) and leaves R4, who needs 2, with 1.
        var reviewers = Reviewers(3, 4).Append(new AssignmentReviewer("R4", ["a"], 2, 4)).ToList();
        var problem = new AssignmentProblem(Dossiers(4), reviewers, 1);

        var baseline = new BalancedAssigner().Assign(problem);
        var flow = new MinCostFlowAssigner().Assign(problem);

        Assert.Equal(["Reviewer R4 has 1 dossiers, below the minimum load of 2."], English(baseline.Report.Infeasibilities));
        Assert.True(flow.Report.Feasible);
        Assert.Equal(2, flow.Report.LoadPerReviewer["R4"]);
    }

    // The diagnoses are translatable texts; their English form is what these tests read.
    private static List<string> English(IEnumerable<CallManager.Domain.Common.LocalizableText> texts) => texts.Select(t => t.ToString()).ToList();
}
