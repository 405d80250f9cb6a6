using CallManager.Domain.Reviews.Assignment;

namespace CallManager.Domain.Tests.Reviews.Assignment;

public class ConflictGuaranteeTests
{
    public static TheoryData<string, int> Runs()
    {
        var data = new TheoryData<string, int>();
        foreach (var method in new[] { "balanced", "flow", "fairness" })
            foreach (var seed in new[] { 21, 22, 23 })
                data.Add(method, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void A_conflicted_pair_is_never_assigned(string method, int seed)
    {
        // A third of all pairs conflicted, and a tight capacity, so the solvers are tempted.
        var problem = AssignmentInstances.Random(seed, dossiers: 24, reviewers: 9, k: 3, maxLoad: 9, conflictShare: 0.33);
        IReviewerAssigner assigner = method == "balanced" ? new BalancedAssigner() : new MinCostFlowAssigner();
        var options = new AssignmentOptions { Fairness = method == "fairness", FairnessTimeLimit = TimeSpan.FromSeconds(2) };

        var result = assigner.Assign(problem, options);

        var conflicts = problem.Conflicts!.Select(c => (c.DossierId, c.ReviewerId)).ToHashSet();
        Assert.NotEmpty(result.Assignments);
        Assert.DoesNotContain(result.Assignments, a => conflicts.Contains((a.DossierId, a.ReviewerId)));
    }
}
