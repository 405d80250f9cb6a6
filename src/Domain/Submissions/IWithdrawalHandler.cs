using CallManager.Domain.Common;

namespace CallManager.Domain.Submissions;

/// <summary>
/// Lets a later stage react to a withdrawal in the same transaction (e.g. the selection stage offers the grant to the
/// first dossier of the reserve list). Called after the status change, before saving.
/// </summary>
public interface IWithdrawalHandler
{
    Task OnWithdrawnAsync(Application application, ApplicationStatus previousStatus, Actor actor, CancellationToken ct);

    /// <summary>
    /// Called once the withdrawal is committed, to tell workflows (the runtime works in its own transaction). Must not throw:
    /// the withdrawal is already accepted; a handler logs what it could not deliver.
    /// </summary>
    Task AfterWithdrawalSavedAsync(Application application, CancellationToken ct) => Task.CompletedTask;
}
