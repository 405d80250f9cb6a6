using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Runtime.Outbox;

/// <summary>
/// Delivers the workflow starts and stimuli of <see cref="WorkflowOutboxItem"/> that were not delivered inline: a failure
/// (retried with a doubling back-off) or a crash between the change's commit and its delivery. Runs a pass at start-up,
/// then every <see cref="RuntimeOptions.OutboxPollInterval"/>. Each item is claimed with its version before delivery, so
/// two hosts do not both deliver it (and if they did, the delivery is idempotent).
/// </summary>
public sealed class WorkflowOutboxDispatcher(IServiceScopeFactory scopes, IWorkflowRuntime runtime, WorkflowOutboxInFlight inFlight,
    TimeProvider clock, IOptions<RuntimeOptions> options, ILogger<WorkflowOutboxDispatcher> logger) : BackgroundService
{
    /// <summary>When the last pass ended, and whether it failed: read by the health check.</summary>
    public DateTimeOffset? LastPassAt { get; private set; }

    public string? LastPassError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
                LastPassError = null;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LastPassError = e.Message;
                logger.LogWarning(e, "A pass of the workflow start dispatcher failed; the next one retries.");
            }
            LastPassAt = clock.GetUtcNow();
            try { await Task.Delay(options.Value.OutboxPollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Delivers every due item (oldest first, at most 500 per pass); returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.RuntimeDb();
        var now = clock.GetUtcNow();
        var max = options.Value.OutboxMaxAttempts;
        var due = await db.Set<WorkflowOutboxItem>()
            .Where(i => i.DeliveredAt == null && i.NextAttemptAt <= now && i.Attempts < max)
            .OrderBy(i => i.NextAttemptAt).Take(500).ToListAsync(ct);
        var delivered = 0;
        foreach (var item in due.Where(i => !inFlight.IsHeld(i.Id)))
        {
            item.NextAttemptAt = clock.GetUtcNow() + options.Value.OutboxLease; // the claim: another host skips it until the lease ends
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.Entry(item).State = EntityState.Detached; // claimed or delivered by another host meanwhile
                continue;
            }
            if (await WorkflowOutbox.DeliverOneAsync(db, runtime, item, clock, options.Value, logger, ct)) delivered++;
            db.Entry(item).State = EntityState.Detached;
        }
        return delivered;
    }
}
