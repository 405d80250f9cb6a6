using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

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
        if (input.Decision is not (ApplicationStatus.Admissible or ApplicationStatus.Inadmissible or ApplicationStatus.MissingDocuments))
            throw DomainException.Invalid("The decision is Admissible, Inadmissible or MissingDocuments.");
        if (string.IsNullOrWhiteSpace(input.Reason)) throw DomainException.Invalid("Give the reason for the decision: the applicant reads it.");
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
        await db.SaveChangesAsync(ct);
        await dossierWorkflow.DeliverAsync(ct);
        return ApplicationView.From(application);
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
