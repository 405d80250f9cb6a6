using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Submissions.Activities;

/// <summary>
/// Reminds the people acting for the correlated dossier's organisation of the documents still awaited (template
/// submission-missing-documents-reminder), if the dossier still waits for them; the documents already uploaded since
/// the request are left out.
/// </summary>
public sealed class SendMissingDocumentsReminder : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var application = await ApplicationActivity.LoadAsync(context);
        if (application.Status != ApplicationStatus.MissingDocuments) return ActivityResult.Done();
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == application.CallId, context.CancellationToken);
        var awaited = MissingDocumentsOverdue.Awaited(application);
        if (awaited.Count == 0) return ActivityResult.Done();
        await context.Services.GetRequiredService<SubmissionMails>().ToOrganisationAsync(application.LeadOrganisationId,
            SubmissionMails.MissingDocumentsReminder, language => new
            {
                call = call.Title(language), reference = application.Reference, title = application.Title,
                documents = awaited.Select(k => call.Form.Field(k)?.Label(language) ?? k).ToList(),
                dueAt = CallClock.Format(application.MissingDocumentsDueAt!.Value, call.TimeZone, language),
            }, $"missing-reminder:{application.Id}:{application.MissingDocumentsDueAt!.Value.UtcTicks}", context.CancellationToken);
        context.Journal($"Reminded {application.Reference} of {awaited.Count} awaited document(s).");
        return ActivityResult.Done();
    }
}

/// <summary>
/// At the due date, if the dossier still waits for documents: an audit entry and a mail to every administrator
/// (template submission-missing-documents-overdue) naming what is still missing, so that someone decides on
/// admissibility. Nothing is decided automatically.
/// </summary>
public sealed class MissingDocumentsOverdue : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var application = await ApplicationActivity.LoadAsync(context);
        if (application.Status != ApplicationStatus.MissingDocuments) return ActivityResult.Done();
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == application.CallId, context.CancellationToken);
        var awaited = Awaited(application);
        if (awaited.Count == 0) return ActivityResult.Done();
        await context.Services.GetRequiredService<AuditLog>().AppendAsync(Actor.System, nameof(Application), application.Id, application.CallId,
            "application.missing-documents-overdue", null, new { awaited, application.MissingDocumentsDueAt }, context.CancellationToken);
        var mails = context.Services.GetRequiredService<SubmissionMails>();
        foreach (var admin in await context.Services.GetRequiredService<UserManager<AppUser>>().GetUsersInRoleAsync(Roles.Administrator))
        {
            await mails.ToUserAsync(admin, SubmissionMails.MissingDocumentsOverdue, new
            {
                call = call.Title(admin.PreferredLanguage), reference = application.Reference, title = application.Title,
                documents = awaited.Select(k => call.Form.Field(k)?.Label(admin.PreferredLanguage) ?? k).ToList(),
                dueAt = CallClock.Format(application.MissingDocumentsDueAt!.Value, call.TimeZone, admin.PreferredLanguage),
            }, $"missing-overdue:{application.Id}:{application.MissingDocumentsDueAt!.Value.UtcTicks}", context.CancellationToken);
        }
        context.Journal($"{application.Reference}: {awaited.Count} document(s) still missing at the due date; administrators told.");
        return ActivityResult.Done();
    }

    /// <summary>The requested file fields for which no file was uploaded in answer to the request.</summary>
    internal static List<string> Awaited(Application application) =>
        application.MissingDocuments.Where(key => !application.Attachments.Any(a => a.FieldKey == key && a.Requested)).ToList();
}
