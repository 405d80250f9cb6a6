using CallManager.Domain.Reviews.Assignment;

namespace CallManager.Domain.Tests.Reviews.Assignment;

public class FairnessTests
{
    // D1 is an expert match for A (1.0) and everyone is eager on it (+0.5); nobody covers D2's theme, only A bids on it.
    // Max total pairs D1–A (1.5) with D2–B (0.0); the fair choice is D1–B (0.5) and D2–A (0.5).
    private static readonly AssignmentProblem Problem = new(
        [new AssignmentApplication("D1", ["t"]), new AssignmentApplication("D2", ["u"])],
        [new AssignmentReviewer("A", ["t"], 0, 1), new AssignmentReviewer("B", [], 0, 1)],
        1,
        Bids: [new ReviewerBid("A", "D1", Bid.Eager), new ReviewerBid("B", "D1", Bid.Eager), new ReviewerBid("A", "D2", Bid.Eager)]);

    [Fact]
    public void Fairness_mode_raises_the_worst_served_dossier_at_a_known_cost()
    {
        var flow = new MinCostFlowAssigner().Assign(Problem);
        var fair = new MinCostFlowAssigner().Assign(Problem, new AssignmentOptions { Fairness = true, FairnessTimeLimit = TimeSpan.FromSeconds(2) });

        Assert.Equal((1.5, 0.0), (flow.Report.TotalAffinity, flow.Report.WorstDossierAffinity));
        Assert.Equal([new("D1", "B", 0.5), new("D2", "A", 0.5)], fair.Assignments);
        var f = fair.Report.Fairness!;
        Assert.Equal(("OPTIMAL", 0.5, 0.0, 0.5), (f.Status, f.WorstDossierAffinity, f.FlowWorstDossierAffinity, f.TotalAffinityCost));
        Assert.Equal(0.5, fair.Report.WorstDossierAffinity);
    }

    [Fact]
    public void Fairness_gap_to_the_LP_bound_is_reported()
    {
        var fair = new MinCostFlowAssigner().Assign(Problem, new AssignmentOptions { Fairness = true, FairnessTimeLimit = TimeSpan.FromSeconds(2) });

        // The LP may split A and B half and half on D1: worst = max over fractional plans = 0.5 here as well.
        Assert.Equal(0.5, fair.Report.Fairness!.WorstLpBound, 6);
        Assert.Equal(0.0, fair.Report.Fairness.GapPercent, 6);
    }
}
