using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Complaints;

/// <summary>The complaint mails: acknowledgement to the applicant, notice to every administrator, outcome to the lead organisation.</summary>
public sealed class ComplaintMails(CallManagerDbContext db, SubmissionMails mails)
{
    public const string Received = "complaint-received";
    public const string Notice = "complaint-notice";
    public const string Outcome = "complaint-outcome";

    /// <summary>Acknowledges a filed complaint to its author and tells the administrators.</summary>
    public async Task FiledAsync(Call call, Application application, Complaint complaint, DateTimeOffset windowEnd, Actor actor, CancellationToken ct)
    {
        object Model(string language) => new
        {
            call = call.Title(language), reference = application.Reference, title = application.Title, text = complaint.Text,
            filedAt = CallClock.Format(complaint.FiledAt, call.TimeZone, language), windowEnd = CallClock.Format(windowEnd, call.TimeZone, language),
        };
        var author = await db.Set<AppUser>().FirstAsync(u => u.Id == actor.UserId, ct);
        await mails.ToUserAsync(author, Received, Model(author.PreferredLanguage), application.Id.ToString(), ct);
        var administrators = await db.Set<AppUser>().AsNoTracking().Where(u => u.Email != null && db.Set<IdentityUserRole<string>>()
            .Any(ur => ur.UserId == u.Id && db.Set<IdentityRole>().Any(r => r.Id == ur.RoleId && r.Name == Roles.Administrator))).ToListAsync(ct);
        foreach (var admin in administrators.OrderBy(u => u.Email, StringComparer.Ordinal))
            await mails.ToUserAsync(admin, Notice, Model(admin.PreferredLanguage), application.Id.ToString(), ct);
    }

    /// <summary>Tells the lead organisation's members the outcome of their complaint.</summary>
    public Task OutcomeAsync(Call call, Application application, Complaint complaint, CancellationToken ct) =>
        mails.ToOrganisationAsync(application.LeadOrganisationId, Outcome, language => new
        {
            call = call.Title(language), reference = application.Reference, title = application.Title,
            upheld = complaint.Status == ComplaintStatus.Upheld, action = complaint.Action?.ToString(), reason = complaint.Reason,
        }, application.Id.ToString(), ct);
}
