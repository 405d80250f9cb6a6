using CallManager.Domain.Accounts;
using CallManager.Domain.Notifications;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

/// <summary>The mails of the submission stage (templates under mail/templates, one per language), enqueued in the caller's unit of work.</summary>
public sealed class SubmissionMails(CallManagerDbContext db, IMailOutbox outbox)
{
    public const string Receipt = "submission-receipt";
    public const string Withdrawn = "submission-withdrawn";
    public const string MissingDocuments = "submission-missing-documents";
    public const string Admissibility = "submission-admissibility";
    public const string Reminder = "submission-reminder";
    public const string MissingDocumentsReminder = "submission-missing-documents-reminder";
    public const string MissingDocumentsOverdue = "submission-missing-documents-overdue";

    /// <summary>Sends <paramref name="template"/> to every account acting for <paramref name="organisationId"/>, each in their language.</summary>
    public async Task ToOrganisationAsync(Guid organisationId, string template, Func<string, object> model, string correlationId, CancellationToken ct = default)
    {
        var members = await db.Set<AppUser>().AsNoTracking()
            .Where(u => db.Set<OrganisationMember>().Any(m => m.OrganisationId == organisationId && m.UserId == u.Id))
            .OrderBy(u => u.Email).ToListAsync(ct);
        foreach (var user in members)
            await ToUserAsync(user, template, model(user.PreferredLanguage), correlationId, ct);
    }

    /// <summary>Sends <paramref name="template"/> to one account in its language.</summary>
    public Task ToUserAsync(AppUser user, string template, object model, string correlationId, CancellationToken ct = default) =>
        outbox.EnqueueAsync(new TemplatedMail(template, user.PreferredLanguage, [new MailRecipient(user.Email!, user.DisplayName)], model, correlationId), ct);
}
