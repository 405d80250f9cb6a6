using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

/// <summary>One admissibility decision for several dossiers of a call, with one reason: Admissible or Inadmissible.</summary>
public sealed record BatchAdmissibilityInput(List<Guid>? Applications, ApplicationStatus? Decision, string? Reason);

public sealed partial class ApplicationService
{
    /// <summary>
    /// An administrator records admissibility (Admissible or Inadmissible, with a reason) or asks for missing documents
    /// (form file fields and a due date, local time in the call's zone). Side effects: status move, audit entry, mail to the
    /// organisation's members in their language.
    /// </summary>
    public async Task<ApplicationView> RecordAdmissibilityAsync(Guid id, AdmissibilityInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators decide admissibility.");
        var application = await access.LoadAsync(id, actor, ct);
        var call = await db.Set<Call>().FirstAsync(c => c.Id == application.CallId, ct);
        await DecideAdmissibilityAsync(application, call, input, actor, ct);
        await db.SaveChangesAsync(ct);
        await dossierWorkflow.DeliverAsync(ct);
        return ApplicationView.From(application);
    }

    /// <summary>
    /// The same decision (Admissible or Inadmissible) with one reason for several dossiers of <paramref name="callId"/>, all or
    /// nothing: when one of them cannot take it (an ineligible dossier without derogation, a status that does not allow it), nothing
    /// is recorded and the refusal names each such dossier. Side effects as <see cref="RecordAdmissibilityAsync"/>, for each dossier.
    /// </summary>
    public async Task<List<ApplicationView>> RecordAdmissibilityBatchAsync(Guid callId, BatchAdmissibilityInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators decide admissibility.");
        var call = await calls.FindAsync(callId, actor, ct);
        var ids = (input.Applications ?? []).Distinct().ToList();
        if (ids.Count == 0)
            throw DomainException.Invalid("Select at least one dossier.", new Dictionary<string, LocalizableText[]> { ["applications"] = ["Select at least one dossier."] });
        if (input.Decision is not (ApplicationStatus.Admissible or ApplicationStatus.Inadmissible))
            throw DomainException.Invalid("Choose the decision for the selected dossiers: Admissible or Inadmissible.",
                new Dictionary<string, LocalizableText[]> { ["decision"] = ["Choose Admissible or Inadmissible."] });
        var dossiers = await db.Set<Application>().Include(a => a.Partners).Include(a => a.Attachments).Include(a => a.Versions)
            .Where(a => ids.Contains(a.Id) && a.CallId == callId).ToListAsync(ct);
        if (dossiers.Count != ids.Count) throw DomainException.NotFound("One of the selected dossiers");
        var refusals = new List<LocalizableText>();
        try
        {
            foreach (var application in dossiers.OrderBy(a => a.Reference, StringComparer.Ordinal))
            {
                try { await DecideAdmissibilityAsync(application, call, new AdmissibilityInput(input.Decision.Value, input.Reason), actor, ct); }
                catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Conflict) { refusals.Add(refusal.Text); }
            }
            if (refusals.Count > 0)
                throw DomainException.Conflict($"Nothing was recorded, as {refusals.Count} of the {dossiers.Count} selected dossiers cannot take this decision: {LocalizableText.Join(" ", refusals)}");
        }
        catch (DomainException)
        {
            // Nothing of the batch is saved: the changes already made to the other dossiers are dropped with the refusal.
            db.ChangeTracker.Clear();
            throw;
        }
        await db.SaveChangesAsync(ct);
        await dossierWorkflow.DeliverAsync(ct);
        return dossiers.Select(ApplicationView.From).ToList();
    }

    /// <summary>Checks and applies one admissibility decision to a loaded dossier (status, audit, mail, workflow stimulus), not saved.</summary>
    private async Task DecideAdmissibilityAsync(Application application, Call call, AdmissibilityInput input, Actor actor, CancellationToken ct)
    {
        if (input.Decision is not (ApplicationStatus.Admissible or ApplicationStatus.Inadmissible or ApplicationStatus.MissingDocuments))
            throw DomainException.Invalid("The decision is Admissible, Inadmissible or MissingDocuments.",
                new Dictionary<string, LocalizableText[]> { ["decision"] = ["Choose a decision."] });
        if (string.IsNullOrWhiteSpace(input.Reason))
            throw DomainException.Invalid("Give the reason for the decision: the applicant reads it.",
                new Dictionary<string, LocalizableText[]> { ["reason"] = ["The reason is required: the applicant reads it."] });
        if (input.Decision == ApplicationStatus.Admissible) await eligibility.EnsureClearedAsync(application, call, "declared admissible", ct);
        if (input.Decision == ApplicationStatus.MissingDocuments) PrepareMissingDocuments(application, call, input);
        application.AdmissibilityReason = input.Reason.Trim();
        await lifecycle.TransitionAsync(application, input.Decision, actor, "application.admissibility",
            new { reason = application.AdmissibilityReason, application.MissingDocuments, application.MissingDocumentsDueAt }, ct);
        var template = input.Decision == ApplicationStatus.MissingDocuments ? SubmissionMails.MissingDocuments : SubmissionMails.Admissibility;
        await mails.ToOrganisationAsync(application.LeadOrganisationId, template, language => new
        {
            call = call.Title(language), reference = application.Reference, title = application.Title, decision = input.Decision.ToString(),
            reason = application.AdmissibilityReason,
            documents = application.MissingDocuments.Select(k => call.Form.Field(k)!.Label(language)).ToList(),
            dueAt = application.MissingDocumentsDueAt is { } due ? CallClock.Format(due, call.TimeZone, language) : null,
        }, application.Id.ToString(), ct);
        if (input.Decision == ApplicationStatus.MissingDocuments) dossierWorkflow.RequestMissingDocuments(application);
    }

    private void PrepareMissingDocuments(Application application, Call call, AdmissibilityInput input)
    {
        var documents = input.MissingDocuments ?? [];
        if (documents.Count == 0) throw DomainException.Invalid("Name the missing documents (file fields of the form).");
        foreach (var key in documents)
            if (call.Form.Field(key) is not { Type: FieldType.File }) throw DomainException.Invalid($"'{key}' is not a file field of this call's form.");
        if (input.DueAt is null) throw DomainException.Invalid("Give the date by which the documents are due.");
        var due = CallClock.ToInstant(input.DueAt.Value, CallClock.Zone(call.TimeZone), "dueAt");
        if (due <= clock.GetUtcNow()) throw DomainException.Invalid("The due date must be in the future.");
        application.MissingDocuments = documents.Distinct().ToList();
        application.MissingDocumentsDueAt = due;
    }
}
