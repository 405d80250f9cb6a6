using CallManager.Domain.Common;

namespace CallManager.Domain.Submissions;

/// <summary>
/// Lets a later stage react when a selected dossier stops being selected without being withdrawn (a complaint upheld:
/// the dossier returned to review, or its decision changed to reserve or rejection), e.g. the grants stage cancels the
/// grant opened for it. Called after the status change, in the same transaction.
/// </summary>
public interface IDeselectionHandler
{
    Task OnDeselectedAsync(Application application, Actor actor, string reason, CancellationToken ct);

    /// <summary>Called once the change is committed, to tell workflows. Must not throw: the change is already accepted.</summary>
    Task AfterDeselectionSavedAsync(Application application, CancellationToken ct) => Task.CompletedTask;
}
