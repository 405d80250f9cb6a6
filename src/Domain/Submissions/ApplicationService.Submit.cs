using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

public sealed partial class ApplicationService
{
    /// <summary>
    /// Submits (or resubmits) a dossier: deadline checked at <paramref name="arrivedAt"/>, the instant the request arrived
    /// (the server clock when null), whatever the wait since (grace and individual exceptions count); full form validation
    /// (Invalid with every problem), eligibility evaluated and kept, a new version with its receipt (number, arrival instant,
    /// SHA-256 of the canonical dossier), audit entry, receipt mail to the submitter in their language, and the dossier's
    /// workflow start recorded in the same transaction.
    /// </summary>
    public async Task<Receipt> SubmitAsync(Guid id, Actor actor, DateTimeOffset? arrivedAt = null, CancellationToken ct = default)
    {
        var application = await access.LoadForApplicantAsync(id, actor, ct);
        var call = await db.Set<Call>().FirstAsync(c => c.Id == application.CallId, ct);
        if (!ApplicationLifecycle.Allowed[application.Status].Contains(ApplicationStatus.Submitted))
            throw DomainException.Conflict($"This dossier is {application.Status}; it cannot be submitted.");
        var now = await EnsureBeforeDeadlineAsync(call, application.LeadOrganisationId, actor, arrivedAt, ct);
        var errors = FormValidator.Validate(call.Form, application.Answers, application.Attachments, complete: true, actor.Language);
        if (errors.Count > 0) throw DomainException.Invalid($"The dossier is incomplete: {LocalizableText.Join(" ", errors.SelectMany(e => e.Value))}", errors);

        await eligibility.SnapshotMembersAsync(application, ct);
        var result = await eligibility.RecordAsync(call, application, ct, actor.Language);
        var version = await NewVersionAsync(application, actor, now, ct);
        application.SubmittedAt = now;
        await lifecycle.TransitionAsync(application, ApplicationStatus.Submitted, actor, version.Number == 1 ? "application.submitted" : "application.resubmitted",
            new { version.Number, version.ReceiptNumber, version.Sha256, result.Eligible }, ct);
        var reasons = result.Failures.Select(f => f.Reason).ToList();
        var receipt = new Receipt(version.ReceiptNumber, application.Id, application.Reference, version.Number, now,
            CallClock.Format(now, call.TimeZone, actor.Language), version.Sha256, result.Eligible, reasons);
        // Usually already tracked (the actor was resolved through this context): no second round trip.
        var user = await db.Set<Accounts.AppUser>().FindAsync([actor.UserId], ct) ?? throw DomainException.NotFound("The account");
        await mails.ToUserAsync(user, SubmissionMails.Receipt, new
        {
            name = user.DisplayName, call = call.Title(user.PreferredLanguage), reference = application.Reference, title = application.Title,
            receipt = receipt.ReceiptNumber, version = receipt.Version, submittedAt = receipt.SubmittedAtText, sha256 = receipt.Sha256,
            eligible = receipt.Eligible, reasons = receipt.EligibilityReasons,
        }, application.Id.ToString(), ct);
        if (version.Number == 1) dossierWorkflow.Start(call, application);
        await db.SaveChangesAsync(ct);
        await dossierWorkflow.DeliverAsync(ct);
        return receipt;
    }

    private async Task<ApplicationVersion> NewVersionAsync(Application application, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var ids = application.Partners.Select(p => p.OrganisationId).Append(application.LeadOrganisationId).ToList();
        var sirens = await db.Set<Organisation>().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Siren, ct);
        var canonical = CanonicalApplication.Build(application, sirens[application.LeadOrganisationId],
            application.Partners.Select(p => sirens[p.OrganisationId]));
        application.CurrentVersion++;
        var version = new ApplicationVersion
        {
            ApplicationId = application.Id, Number = application.CurrentVersion, ReceiptNumber = $"{application.Reference}-v{application.CurrentVersion}",
            SubmittedAt = now, SubmittedBy = actor.UserId, CanonicalApplication = canonical, Sha256 = CanonicalApplication.Hash(canonical),
        };
        application.Versions.Add(version);
        db.Add(version);
        return version;
    }

    /// <summary>
    /// Withdraws a dossier: a draft or submitted one until the deadline, one under review, selected or in reserve at any time.
    /// Audit entry, a mail to the organisation's members, and the later stages' <see cref="IWithdrawalHandler"/>s in the same transaction.
    /// The deadline is judged at <paramref name="arrivedAt"/>, the instant the request arrived (the server clock when null).
    /// </summary>
    public async Task<ApplicationView> WithdrawAsync(Guid id, Actor actor, DateTimeOffset? arrivedAt = null, CancellationToken ct = default)
    {
        var application = await access.LoadForApplicantAsync(id, actor, ct);
        var call = await db.Set<Call>().FirstAsync(c => c.Id == application.CallId, ct);
        if (!ApplicationLifecycle.Allowed[application.Status].Contains(ApplicationStatus.Withdrawn))
            throw DomainException.Conflict($"This dossier is {application.Status}; it cannot be withdrawn.");
        var previous = application.Status;
        var now = previous is ApplicationStatus.Draft or ApplicationStatus.Submitted
            ? await EnsureBeforeDeadlineAsync(call, application.LeadOrganisationId, actor, arrivedAt, ct)
            : arrivedAt ?? clock.GetUtcNow();
        application.WithdrawnAt = now;
        await lifecycle.TransitionAsync(application, ApplicationStatus.Withdrawn, actor, "application.withdrawn", null, ct);
        foreach (var handler in withdrawalHandlers) await handler.OnWithdrawnAsync(application, previous, actor, ct);
        await mails.ToOrganisationAsync(application.LeadOrganisationId, SubmissionMails.Withdrawn, language => new
        {
            call = call.Title(language), reference = application.Reference, title = application.Title,
            withdrawnAt = CallClock.Format(now, call.TimeZone, language),
        }, application.Id.ToString(), ct);
        await db.SaveChangesAsync(ct);
        foreach (var handler in withdrawalHandlers) await handler.AfterWithdrawalSavedAsync(application, ct);
        return ApplicationView.From(application);
    }

    /// <summary>
    /// The instant the change counts at (<paramref name="arrivedAt"/>, else the server clock), if the call accepts submissions
    /// from <paramref name="organisationId"/> then: from the opening up to the deadline plus grace, or an individual exception.
    /// Otherwise Conflict naming the deadline in the call's zone.
    /// </summary>
    private async Task<DateTimeOffset> EnsureBeforeDeadlineAsync(Call call, Guid organisationId, Actor actor, DateTimeOffset? arrivedAt, CancellationToken ct)
    {
        var now = arrivedAt?.ToUniversalTime() ?? clock.GetUtcNow();
        if (now < call.OpensAt)
            throw DomainException.Conflict(actor.Language == "en"
                ? $"This call opens on {CallClock.Format(call.OpensAt, call.TimeZone, "en")}."
                : $"Cet appel ouvre le {CallClock.Format(call.OpensAt, call.TimeZone, "fr")}.");
        if (now <= await calls.LastAcceptedInstantAsync(call, organisationId, ct)) return now;
        throw DomainException.Conflict(actor.Language == "en"
            ? $"The submission deadline was {CallClock.Format(call.SubmissionDeadline, call.TimeZone, "en")}: the dossier can no longer be changed, submitted or withdrawn."
            : $"La date limite de dépôt était le {CallClock.Format(call.SubmissionDeadline, call.TimeZone, "fr")} : le dossier ne peut plus être modifié, déposé ni retiré.");
    }
}
