using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Grants.Activities;

/// <summary>Sends the correlated grant's reminders that are due now ("due soon" and overdue), saved with the workflow step.</summary>
public sealed class SendGrantReminders : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var grant = await NextGrantReminder.GrantOf(db, context);
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == grant.CallId, context.CancellationToken);
        var sent = await context.Services.GetRequiredService<GrantReminders>().SendDueAsync(grant, call, context.Now, context.CancellationToken);
        context.Journal($"Sent {sent} report reminder(s) for grant {grant.Reference}.");
        return ActivityResult.Done();
    }
}
