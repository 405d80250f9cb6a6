using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Complaints;

public sealed partial class ComplaintService
{
    /// <summary>
    /// Records the outcome of an open complaint: Rejected (reason), or Upheld (reason) with the dossier returned to review
    /// (status Admissible, decision cleared) or its decision changed (<see cref="DecisionService"/> rules, budget included).
    /// Side effects: audit entry, outcome mail to the lead organisation, owed DossierSelected stimulus after the commit; a
    /// dossier that was selected and no longer is goes through the <see cref="IDeselectionHandler"/>s (its grant is cancelled).
    /// </summary>
    public async Task<ComplaintView> ResolveAsync(Guid complaintId, ComplaintResolutionInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators decide complaints.");
        var complaint = await db.Set<Complaint>().FirstOrDefaultAsync(c => c.Id == complaintId, ct) ?? throw DomainException.NotFound("The complaint");
        if (complaint.Status != ComplaintStatus.Open) throw DomainException.Conflict($"This complaint was already {complaint.Status.ToString().ToLowerInvariant()}.");
        if (input.Outcome is not { } outcome || !ComplaintLifecycle.Allowed[ComplaintStatus.Open].Contains(outcome))
            throw DomainException.Invalid("The outcome is Rejected or Upheld.");
        if (string.IsNullOrWhiteSpace(input.Reason)) throw DomainException.Invalid("Give the reason: the applicant reads it.");
        var application = await db.Set<Application>().FirstAsync(a => a.Id == complaint.ApplicationId, ct);
        var call = await db.Set<Call>().FirstAsync(c => c.Id == complaint.CallId, ct);
        var wasSelected = application.Status == ApplicationStatus.Selected;
        if (input.Outcome == ComplaintStatus.Upheld) await UpholdAsync(call, application, input, actor, ct);
        var deselected = wasSelected && application.Status != ApplicationStatus.Selected;
        if (deselected)
            foreach (var handler in deselectionHandlers) await handler.OnDeselectedAsync(application, actor, $"complaint upheld ({input.Reason.Trim()})", ct);
        await complaintLifecycle.DecideAsync(complaint, outcome, input.Reason, input.Action, actor, ct);
        await mails.OutcomeAsync(call, application, complaint, ct);
        await stimuli.RecordOwedAsync(call.Id, ct); // a revision to Selected owes a DossierSelected, saved with it
        await db.SaveChangesAsync(ct);
        if (deselected)
            foreach (var handler in deselectionHandlers) await handler.AfterDeselectionSavedAsync(application, ct);
        await stimuli.SendPendingAsync(call.Id, ct);
        return View(complaint, application);
    }

    private async Task UpholdAsync(Call call, Application application, ComplaintResolutionInput input, Actor actor, CancellationToken ct)
    {
        var decision = await db.Set<Decision>().FirstAsync(d => d.ApplicationId == application.Id, ct);
        switch (input.Action)
        {
            case UpheldAction.ReturnToReview:
                await lifecycle.TransitionAsync(application, ApplicationStatus.Admissible, actor, "selection.complaint-upheld",
                    new { action = UpheldAction.ReturnToReview, cleared = decision.Outcome }, ct);
                db.Remove(decision);
                break;
            case UpheldAction.ChangeDecision:
                var change = input.Decision ?? throw DomainException.Invalid("Give the new decision (outcome, amount, reserve rank or reason).");
                await decisions.ReviseAsync(call, application, decision, change, actor, ct);
                break;
            default:
                throw DomainException.Invalid("An upheld complaint either returns the dossier to review (ReturnToReview) or changes the decision (ChangeDecision).");
        }
    }
}
