namespace CallManager.Domain.Reviews.Assignment;

/// <summary>Assigns k reviewers to each dossier; a forbidden pair is never part of the result.</summary>
public interface IReviewerAssigner
{
    /// <summary>Solves the problem and reports on the result; never throws for an infeasible problem (the report says why).</summary>
    AssignmentResult Assign(AssignmentProblem problem, AssignmentOptions? options = null);
}
