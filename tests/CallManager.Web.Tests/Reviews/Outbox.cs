using CallManager.Web.Tests.Infrastructure;
using CallManager.Workflow.Notifications;
using CallManager.Workflow.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Reviews;

/// <summary>Reads the mail outbox of a test host (what was enqueued, whatever the SMTP delivery).</summary>
public static class Outbox
{
    /// <summary>Messages of <paramref name="kind"/>, oldest first.</summary>
    public static async Task<List<OutboxMessage>> OfKindAsync(CallManagerApp app, string kind)
    {
        using var scope = app.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<OutboxMessage>().AsNoTracking().Where(m => m.Kind == kind).ToListAsync();
        return rows.OrderBy(m => m.CreatedAt).ThenBy(m => m.Recipients).ToList();
    }
}
