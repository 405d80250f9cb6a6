using CallManager.Domain.Calls;

namespace CallManager.Domain.Submissions;

/// <summary>
/// Which dossiers a reviewer may read and how their copy is prepared, contributed by the reviews stage (as
/// <see cref="IDeselectionHandler"/> lets grants react to selection) so that submissions never depends on reviews.
/// </summary>
public interface IReviewerReading
{
    /// <summary>The ids of the dossiers <paramref name="userId"/> may read as a reviewer, as a query the database runs.</summary>
    IQueryable<Guid> ReadableApplicationIds(string userId);

    /// <summary>Throws a Forbidden that says what to do when <paramref name="userId"/> is assigned to the dossier but may not read it yet.</summary>
    Task ExplainRefusalAsync(Guid applicationId, string userId, CancellationToken ct);

    /// <summary>Prepares a detached reader's copy (anonymised when <paramref name="call"/> says so).</summary>
    void PrepareCopy(Application application, Call call);
}
