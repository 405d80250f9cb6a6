using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CallManager.Runtime.Outbox;

/// <summary>
/// "Workflow starts pending/failing": Degraded while a start or stimulus owed by a change has failed its last delivery
/// (the error is shown) or has waited longer than <see cref="RuntimeOptions.OutboxStaleAfter"/>; Healthy otherwise.
/// </summary>
public sealed class WorkflowOutboxHealthCheck([FromKeyedServices(RuntimeStorage.Key)] DbContext db, TimeProvider clock, IOptions<RuntimeOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = db.Set<WorkflowOutboxItem>().AsNoTracking().Where(i => i.DeliveredAt == null);
        var count = await pending.CountAsync(cancellationToken);
        var failing = await pending.Where(i => i.Attempts > 0).OrderByDescending(i => i.NextAttemptAt).ToListAsync(cancellationToken);
        var oldest = count == 0 ? null : await pending.OrderBy(i => i.CreatedAt).Select(i => (DateTimeOffset?)i.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var data = new Dictionary<string, object> { ["pending"] = count, ["failing"] = failing.Count };
        var description = $"workflow starts: {count} pending, {failing.Count} failing";
        if (failing.Count > 0)
            return HealthCheckResult.Degraded($"{description}; last error: {failing[0].LastError}", data: data);
        if (oldest is { } at && clock.GetUtcNow() - at > options.Value.OutboxStaleAfter)
            return HealthCheckResult.Degraded($"{description}; the oldest waits since {at:O}", data: data);
        return HealthCheckResult.Healthy(description, data);
    }
}
