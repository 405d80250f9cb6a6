using CallManager.Workflow.Calls;
using CallManager.Workflow.Persistence;
using CallManager.Workflow.Runtime.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Workflow.Grants.Activities;

/// <summary>
/// Computes the next reminder instant of the correlated grant into variable <c>NextReminderAt</c> (null while none is
/// due, e.g. before signature) and completes "Wait"; completes "Closed" once the grant is closed or cancelled.
/// </summary>
public sealed class NextGrantReminder : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var grant = await GrantOf(db, context);
        if (grant.Status is GrantStatus.Closed or GrantStatus.Cancelled)
        {
            context.Journal($"Grant {grant.Reference} is {grant.Status}.");
            return ActivityResult.Outcome("Closed");
        }
        var terms = await db.Set<Call>().AsNoTracking().Where(c => c.Id == grant.CallId).Select(c => c.GrantTerms).FirstAsync(context.CancellationToken);
        var next = GrantReminders.Next(grant, terms, context.Now);
        context.SetVariable("NextReminderAt", next?.ToString("O"));
        context.Journal(next is null ? "No reminder due until the grant changes." : $"Next reminder at {next:O}.");
        return ActivityResult.Outcome("Wait");
    }

    /// <summary>The grant of the correlated dossier (tracked, with reports).</summary>
    internal static async Task<Grant> GrantOf(CallManagerDbContext db, ActivityContext context)
    {
        var applicationId = Guid.Parse(context.CorrelationId ?? throw new InvalidOperationException("The grant workflow is correlated with the dossier id."));
        return db.Set<Grant>().Local.FirstOrDefault(g => g.ApplicationId == applicationId) // opened earlier in this step, not saved yet
            ?? await db.Set<Grant>().Include(g => g.Reports).FirstOrDefaultAsync(g => g.ApplicationId == applicationId, context.CancellationToken)
            ?? throw new InvalidOperationException($"No grant exists for dossier {applicationId}.");
    }
}
