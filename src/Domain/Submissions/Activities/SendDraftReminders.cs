using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Submissions.Activities;

/// <summary>
/// Sends the "N days left" reminder (template submission-reminder) to the people acting for every organisation whose
/// dossier on the correlated call is still a draft, each in their language; saved with the workflow step.
/// </summary>
public sealed class SendDraftReminders : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var callId = Guid.Parse(context.CorrelationId!);
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var mails = context.Services.GetRequiredService<SubmissionMails>();
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == callId, context.CancellationToken);
        var drafts = await db.Set<Application>().AsNoTracking()
            .Where(a => a.CallId == callId && a.Status == ApplicationStatus.Draft).OrderBy(a => a.Reference).ToListAsync(context.CancellationToken);
        var daysLeft = (int)Math.Ceiling((call.SubmissionDeadline - context.Now).TotalDays);
        foreach (var draft in drafts)
        {
            await mails.ToOrganisationAsync(draft.LeadOrganisationId, SubmissionMails.Reminder, language => new
            {
                call = call.Title(language), reference = draft.Reference, title = draft.Title, daysLeft,
                deadline = CallClock.Format(call.SubmissionDeadline, call.TimeZone, language),
            }, $"reminder:{draft.Id}", context.CancellationToken);
        }
        context.SetVariable("RemindedDrafts", drafts.Count);
        context.Journal($"Reminded {drafts.Count} draft dossier(s), {daysLeft} day(s) before the deadline.");
        return ActivityResult.Done();
    }
}
