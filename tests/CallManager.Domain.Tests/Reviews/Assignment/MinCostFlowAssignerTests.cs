using CallManager.Domain.Reviews.Assignment;

namespace CallManager.Domain.Tests.Reviews.Assignment;

public class MinCostFlowAssignerTests
{
    private static readonly AssignmentOptions Plain = new() { KeepConnected = false };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Total_affinity_equals_the_brute_force_optimum_on_small_instances(int seed)
    {
        var problem = AssignmentInstances.Random(seed, dossiers: 5, reviewers: 4, k: 2, maxLoad: 3, conflictShare: 0.15, minLoad: 1);
        var expected = AssignmentInstances.BruteForceOptimum(problem);

        var result = new MinCostFlowAssigner().Assign(problem, Plain);

        Assert.NotNull(expected);
        Assert.True(result.Report.Feasible);
        Assert.Equal(expected.Value, result.Report.TotalAffinity, 6);
        Assert.Equal(1.0, result.Report.LpRatio!.Value, 9);
        Assert.Equal(100, result.Report.FilledPercent);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Total_affinity_equals_the_LP_optimum_over_every_pair_when_the_best_pairs_are_solved_first(int seed)
    {
        // 40 reviewers per dossier: the flow first sees each dossier's 14 best pairs, pricing must bring in the rest.
        var problem = AssignmentInstances.Random(seed, dossiers: 120, reviewers: 40, k: 2, maxLoad: 9, conflictShare: 0.05, minLoad: 3);

        var result = new MinCostFlowAssigner().Assign(problem, Plain);

        Assert.True(result.Report.Feasible);
        Assert.Equal(AssignmentInstances.LpOptimum(problem), result.Report.TotalAffinity, 6);
        Assert.Equal(1.0, result.Report.LpRatio!.Value, 9);
    }

    [Fact]
    public void Every_dossier_gets_exactly_k_reviewers_and_loads_stay_within_bounds()
    {
        var problem = AssignmentInstances.Random(11, dossiers: 30, reviewers: 10, k: 3, maxLoad: 12, conflictShare: 0.1, minLoad: 6);

        var result = new MinCostFlowAssigner().Assign(problem);

        Assert.All(result.Assignments.GroupBy(a => a.DossierId), g => Assert.Equal(3, g.Select(a => a.ReviewerId).Distinct().Count()));
        Assert.Equal(30, result.Assignments.Select(a => a.DossierId).Distinct().Count());
        Assert.All(result.Report.LoadPerReviewer.Values, load => Assert.InRange(load, 6, 12));
        Assert.Equal(90, result.Report.LoadPerReviewer.Values.Sum());
    }

    [Fact]
    public void Report_names_the_worst_served_dossier_and_compares_with_the_baseline()
    {
        var problem = AssignmentInstances.Random(12, dossiers: 20, reviewers: 8, k: 2, maxLoad: 6, conflictShare: 0.1);

        var result = new MinCostFlowAssigner().Assign(problem);

        var served = result.Assignments.GroupBy(a => a.DossierId).ToDictionary(g => g.Key, g => g.Sum(a => a.Affinity));
        Assert.Equal(served.Values.Min(), result.Report.WorstDossierAffinity, 6);
        Assert.Equal(served[result.Report.WorstDossierId!], result.Report.WorstDossierAffinity, 6);
        Assert.Equal("balanced", result.Report.Baseline!.Method);
        Assert.True(result.Report.TotalAffinity >= result.Report.Baseline.TotalAffinity);
    }

    [Fact]
    public void Same_problem_gives_the_same_assignment_every_time()
    {
        var problem = AssignmentInstances.Random(13, dossiers: 40, reviewers: 12, k: 3, maxLoad: 12, conflictShare: 0.05);

        var first = new MinCostFlowAssigner().Assign(problem);
        var second = new MinCostFlowAssigner().Assign(problem);

        Assert.Equal(first.Assignments, second.Assignments);
    }

    [Fact]
    public void Two_separate_expert_groups_are_joined_by_one_swap()
    {
        AssignmentApplication D(string id, string theme) => new(id, [theme]);
        AssignmentReviewer R(string id, string theme) => new(id, [theme], 0, 2);
        var problem = new AssignmentProblem([D("D1", "a"), D("D2", "a"), D("D3", "b"), D("D4", "b")],
            [R("R1", "a"), R("R2", "a"), R("R3", "b"), R("R4", "b")], 2);

        var separate = new MinCostFlowAssigner().Assign(problem, Plain);
        var joined = new MinCostFlowAssigner().Assign(problem);

        Assert.Equal((2, 8.0), (separate.Report.Components, separate.Report.TotalAffinity));
        Assert.Equal((1, 1, 6.0), (joined.Report.Components, joined.Report.ConnectivitySwaps, joined.Report.TotalAffinity));
        Assert.Equal([2, 2, 2, 2], joined.Report.LoadPerReviewer.Values);
    }
}
