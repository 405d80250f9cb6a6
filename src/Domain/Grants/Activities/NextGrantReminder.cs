using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using CallManager.Runtime.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Grants.Activities;

/// <summary>
/// Computes the next reminder instant of the workflow's grant into variable <c>NextReminderAt</c> (null while none is
/// due, e.g. before signature) and completes "Wait"; completes "Closed" once the grant is closed, or cancelled with its
/// dossier withdrawn (nothing can follow); "Cancelled" when it is cancelled and the dossier may be selected again.
/// </summary>
public sealed class NextGrantReminder : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var grant = await GrantOf(db, context);
        if (grant.Status is GrantStatus.Closed or GrantStatus.Cancelled)
        {
            var withdrawn = await db.Set<Application>().AnyAsync(a => a.Id == grant.ApplicationId && a.Status == ApplicationStatus.Withdrawn, context.CancellationToken);
            context.Journal($"Grant {grant.Reference} is {grant.Status}{(withdrawn ? ", its dossier withdrawn" : "")}.");
            return ActivityResult.Outcome(grant.Status == GrantStatus.Cancelled && !withdrawn ? "Cancelled" : "Closed");
        }
        var terms = await db.Set<Call>().AsNoTracking().Where(c => c.Id == grant.CallId).Select(c => c.GrantTerms).FirstAsync(context.CancellationToken);
        var next = GrantReminders.Next(grant, terms, context.Now);
        context.SetVariable("NextReminderAt", next?.ToString("O"));
        context.Journal(next is null ? "No reminder due until the grant changes." : $"Next reminder at {next:O}.");
        return ActivityResult.Outcome("Wait");
    }

    /// <summary>
    /// The grant this workflow opened (variable <c>GrantId</c>), tracked, with reports; the current grant of the correlated
    /// dossier when the variable is not set.
    /// </summary>
    internal static async Task<Grant> GrantOf(CallManagerDbContext db, ActivityContext context)
    {
        var applicationId = Guid.Parse(context.CorrelationId ?? throw new InvalidOperationException("The grant workflow is correlated with the dossier id."));
        var grants = db.Set<Grant>().Include(g => g.Reports);
        return Guid.TryParse(context.GetVariable<string>("GrantId"), out var grantId)
            ? db.Set<Grant>().Local.FirstOrDefault(g => g.Id == grantId) // opened earlier in this step, not saved yet
                ?? await grants.FirstOrDefaultAsync(g => g.Id == grantId, context.CancellationToken)
                ?? throw new InvalidOperationException($"Grant {grantId} of dossier {applicationId} does not exist.")
            : await grants.CurrentAsync(applicationId, context.CancellationToken)
                ?? throw new InvalidOperationException($"No grant exists for dossier {applicationId}.");
    }
}
