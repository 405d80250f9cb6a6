using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Complaints;

/// <summary>Body of <c>POST /api/applications/{id}/complaints</c>.</summary>
public sealed record ComplaintInput(string? Text);

/// <summary>Body of <c>PUT /api/complaints/{id}</c>: Rejected or Upheld with a reason; when upheld, the action and (to change it) the new decision.</summary>
public sealed record ComplaintResolutionInput(ComplaintStatus? Outcome, string? Reason, UpheldAction? Action = null, DecisionInput? Decision = null);

/// <summary>A complaint as listed.</summary>
public sealed record ComplaintView(Guid Id, Guid ApplicationId, string Reference, string Text, DateTimeOffset FiledAt, ComplaintStatus Status,
    UpheldAction? Action, string? Reason, DateTimeOffset? ResolvedAt);

/// <summary>
/// Complaints: a member of the lead organisation files one per dossier during the window opened by publication (mails:
/// acknowledgement to them, notice to administrators); an administrator rejects or upholds it (mail of the outcome).
/// </summary>
public sealed partial class ComplaintService(CallManagerDbContext db, ApplicationAccess access, ApplicationLifecycle lifecycle, ComplaintLifecycle complaintLifecycle,
    DecisionService decisions, SelectionStimuli stimuli, ComplaintMails mails, AuditLog audit, TimeProvider clock,
    IEnumerable<IDeselectionHandler> deselectionHandlers)
{
    /// <summary>Files the dossier's complaint.</summary>
    public async Task<ComplaintView> FileAsync(Guid applicationId, ComplaintInput input, Actor actor, CancellationToken ct = default)
    {
        var application = await access.LoadForApplicantAsync(applicationId, actor, ct);
        var call = await db.Set<Call>().FirstAsync(c => c.Id == application.CallId, ct);
        var decision = await db.Set<Decision>().FirstOrDefaultAsync(d => d.ApplicationId == applicationId && d.PublishedAt != null, ct);
        var en = actor.Language == "en";
        if (decision?.ComplaintsUntil is not { } until)
            throw DomainException.Conflict(en ? "No decision has been published on this dossier yet: a complaint can be filed once it is."
                : "Aucune décision n'a encore été publiée sur ce dossier : une réclamation pourra être déposée ensuite.");
        if (!IsWindowOpen(until))
            throw DomainException.Conflict(en ? $"The complaint window closed on {CallClock.Format(until, call.TimeZone, "en")}."
                : $"Le délai de réclamation a pris fin le {CallClock.Format(until, call.TimeZone, "fr")}.");
        var existing = await db.Set<Complaint>().FirstOrDefaultAsync(c => c.ApplicationId == applicationId, ct);
        if (existing is not null)
            throw DomainException.Conflict(en ? $"A complaint was already filed on {CallClock.Format(existing.FiledAt, call.TimeZone, "en")}: one complaint per dossier."
                : $"Une réclamation a déjà été déposée le {CallClock.Format(existing.FiledAt, call.TimeZone, "fr")} : une seule par dossier.");
        if (string.IsNullOrWhiteSpace(input.Text))
            throw DomainException.Invalid(en ? "Write your complaint." : "Rédigez votre réclamation.");
        var complaint = new Complaint
        {
            CallId = call.Id, ApplicationId = applicationId, FiledBy = actor.UserId, FiledAt = clock.GetUtcNow(), Text = input.Text.Trim(),
        };
        db.Add(complaint);
        await audit.AppendAsync(actor, nameof(Complaint), complaint.Id, call.Id, "selection.complaint-filed", null, new { application.Reference, complaint.Text }, ct);
        await mails.FiledAsync(call, application, complaint, until, actor, ct);
        await db.SaveChangesAsync(ct);
        return View(complaint, application);
    }

    /// <summary>The call's complaints, oldest first (administrators).</summary>
    public async Task<List<ComplaintView>> ListAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators list complaints.");
        var rows = await db.Set<Complaint>().AsNoTracking().Where(c => c.CallId == callId)
            .Join(db.Set<Application>(), c => c.ApplicationId, a => a.Id, (c, a) => new { c, a }).ToListAsync(ct);
        return rows.OrderBy(r => r.c.FiledAt).Select(r => View(r.c, r.a)).ToList();
    }

    internal static ComplaintView View(Complaint c, Application a) =>
        new(c.Id, c.ApplicationId, a.Reference, c.Text, c.FiledAt, c.Status, c.Action, c.Reason, c.ResolvedAt);
}
