using System.Text.Json.Nodes;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Attachments;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

/// <summary>Applicants' work on dossiers (draft, answers, attachments, submit, withdraw) and administrators' admissibility decisions.</summary>
public sealed partial class ApplicationService(
    CallManagerDbContext db, ApplicationAccess access, ApplicationLifecycle lifecycle, CallService calls, OrganisationService organisations,
    EligibilityService eligibility, SubmissionMails mails, IAttachmentStore store, AuditLog audit, TimeProvider clock,
    IEnumerable<IWithdrawalHandler> withdrawalHandlers, ApplicationWorkflow dossierWorkflow)
{
    /// <summary>Creates a draft dossier on a published call for an organisation the applicant acts for.</summary>
    public async Task<Application> CreateAsync(Guid callId, CreateApplicationInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsApplicant) throw DomainException.Forbidden("Only applicants create dossiers.");
        var call = await calls.FindAsync(callId, actor, ct);
        if (call.Status != CallStatus.Published) throw DomainException.Conflict("This call is not open to dossiers.");
        await EnsureBeforeDeadlineAsync(call, input.LeadOrganisationId, actor, null, ct);
        if (!await organisations.IsMemberAsync(input.LeadOrganisationId, actor, ct))
            throw DomainException.Invalid("You do not act for this organisation: register it first or ask one of its members to add you.",
                new Dictionary<string, LocalizableText[]> { ["leadOrganisationId"] = ["Not one of your organisations."] });
        var now = clock.GetUtcNow();
        return await CallNumbering.RunAsync(db, call.Id, async token =>
        {
            var count = await db.Set<Application>().CountAsync(a => a.CallId == call.Id, token);
            var application = new Application
            {
                CallId = call.Id, Reference = $"{call.Code}-{count + 1:0000}", LeadOrganisationId = input.LeadOrganisationId,
                CreatedBy = actor.UserId, CreatedAt = now, UpdatedAt = now,
            };
            db.Add(application);
            await audit.AppendAsync(actor, nameof(Application), application.Id, call.Id, "application.created", null,
                new { application.Reference, application.LeadOrganisationId }, token);
            await db.SaveChangesAsync(token);
            return application;
        }, ct);
    }

    /// <summary>The dossier if <paramref name="actor"/> may read it (<see cref="ApplicationAccess"/>).</summary>
    public async Task<ApplicationView> GetAsync(Guid id, Actor actor, CancellationToken ct = default) =>
        ApplicationView.From(await access.LoadAsync(id, actor, ct));

    /// <summary>Dossiers of a call for administrators (every status), with eligibility.</summary>
    public async Task<List<ApplicationSummary>> ListForCallAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators list the dossiers of a call.");
        await calls.FindAsync(callId, actor, ct);
        var rows = await access.Visible(actor).AsNoTracking().Where(a => a.CallId == callId)
            .Join(db.Set<Organisation>(), a => a.LeadOrganisationId, o => o.Id, (a, o) => new { a, o.Name }).ToListAsync(ct);
        return rows.OrderBy(r => r.a.Reference).Select(r => new ApplicationSummary(r.a.Id, r.a.Reference, r.a.Title, r.a.LeadOrganisationId, r.Name,
            r.a.Status, r.a.RequestedAmount, r.a.CurrentVersion, r.a.SubmittedAt, r.a.Eligible, r.a.EligibilityReasons)).ToList();
    }

    /// <summary>The dossiers of the organisations <paramref name="actor"/> acts for (all, for an administrator).</summary>
    public async Task<List<ApplicationSummary>> ListMineAsync(Actor actor, CancellationToken ct = default)
    {
        var rows = await access.Visible(actor).AsNoTracking()
            .Join(db.Set<Organisation>(), a => a.LeadOrganisationId, o => o.Id, (a, o) => new { a, o.Name }).ToListAsync(ct);
        return rows.OrderBy(r => r.a.Reference).Select(r => new ApplicationSummary(r.a.Id, r.a.Reference, r.a.Title, r.a.LeadOrganisationId, r.Name,
            r.a.Status, r.a.RequestedAmount, r.a.CurrentVersion, r.a.SubmittedAt, r.a.Eligible, r.a.EligibilityReasons)).ToList();
    }

    /// <summary>
    /// Merges answers into a draft (or a submitted dossier before the deadline; it must then be resubmitted).
    /// Types and limits are checked; required answers are not (partial drafts are fine).
    /// </summary>
    public async Task<ApplicationView> SaveAnswersAsync(Guid id, SaveAnswersInput input, Actor actor, CancellationToken ct = default)
    {
        var application = await access.LoadForApplicantAsync(id, actor, ct);
        var call = await db.Set<Call>().FirstAsync(c => c.Id == application.CallId, ct);
        EnsureEditable(application);
        await EnsureBeforeDeadlineAsync(call, application.LeadOrganisationId, actor, null, ct);
        var answers = (JsonObject)application.Answers.DeepClone();
        foreach (var (key, value) in input.Answers ?? [])
        {
            if (value is null) answers.Remove(key);
            else answers[key] = value.DeepClone();
        }
        var errors = FormValidator.Validate(call.Form, answers, application.Attachments, complete: false, actor.Language);
        if (errors.Count > 0) throw DomainException.Invalid($"Some answers do not fit the form: {LocalizableText.Join(" ", errors.SelectMany(e => e.Value))}", errors);
        FormValidator.Normalise(call.Form, answers);
        application.Answers = answers;
        application.Title = answers["title"] is JsonValue t && t.TryGetValue<string>(out var title) ? title : application.Title;
        application.RequestedAmount = FormValidator.TryDecimal(answers["requestedAmount"], out var amount) ? amount : null;
        if (input.Partners is not null) await ReplacePartnersAsync(application, input.Partners, ct);
        application.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ApplicationView.From(application);
    }

    private async Task ReplacePartnersAsync(Application application, List<OrganisationInput> partners, CancellationToken ct)
    {
        var entered = new Dictionary<Guid, OrganisationInput>();
        foreach (var entry in partners)
        {
            var partner = OrganisationService.Checked(entry);
            var organisation = await organisations.FindOrAddAsync(partner, ct);
            if (organisation.Id == application.LeadOrganisationId) throw DomainException.Invalid($"{organisation.Name} is the lead organisation; it cannot also be a partner.");
            entered.TryAdd(organisation.Id, partner);
        }
        application.Partners.RemoveAll(p => !entered.ContainsKey(p.OrganisationId));
        foreach (var organisationId in entered.Keys.Where(i => application.Partners.All(p => p.OrganisationId != i)))
            application.Partners.Add(new ApplicationPartner { ApplicationId = application.Id, OrganisationId = organisationId });
        // What this applicant entered is kept on the dossier: the shared organisation row keeps only the first entry for a SIREN.
        foreach (var row in application.Partners)
        {
            var input = entered[row.OrganisationId];
            (row.Siren, row.Name, row.LegalForm, row.Region, row.SocialEconomy) = (Siren.Normalize(input.Siren)!, input.Name!.Trim(), input.LegalForm?.Trim() ?? "", input.Region?.Trim() ?? "", input.SocialEconomy);
            (row.Commune, row.Kind, row.EssBasis) = (OrganisationService.NullIfEmpty(input.Commune), input.Kind, input.EssBasis);
        }
    }

    private static void EnsureEditable(Application application)
    {
        if (application.Status is not (ApplicationStatus.Draft or ApplicationStatus.Submitted))
            throw DomainException.Conflict($"This dossier is {application.Status}; its answers can no longer change.");
    }
}
