using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
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

    /// <summary>Waits until every enqueued message has been handed to the SMTP server (none pending or being sent).</summary>
    public static async Task WaitUntilDeliveredAsync(CallManagerApp app, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            using (var scope = app.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
                if (!await db.Set<OutboxMessage>().AnyAsync(m => m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending)) return;
            }
            if (DateTime.UtcNow > until) Assert.Fail("The outbox still holds undelivered messages.");
            await Task.Delay(100);
        }
    }
}
