using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Notifications;

/// <summary>
/// The "mail" entry of /health: is this host's dispatcher passing, has the mail server been unreachable for longer than
/// <c>Mail:Dispatcher:UnhealthyAfter</c>, and how many mails wait or failed.
/// </summary>
public sealed class MailHealthCheck(CallManagerDbContext db, OutboxDispatcherHeartbeat heartbeat, TimeProvider clock, IOptions<MailOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var outbox = db.Set<OutboxMessage>();
        var pending = await outbox.CountAsync(m => m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending, cancellationToken);
        var failed = await outbox.CountAsync(m => m.Status == OutboxStatus.Failed, cancellationToken);
        var data = new Dictionary<string, object> { ["pending"] = pending, ["failed"] = failed, ["outcomeSaveRetries"] = heartbeat.SaveRetries };
        var counts = $"{pending} pending, {failed} failed";
        var settings = options.Value.Dispatcher;
        if (!settings.Enabled) return HealthCheckResult.Healthy($"dispatcher disabled in this host; {counts}", data);
        if (heartbeat.SinceLastPass is not { } since) return HealthCheckResult.Healthy($"dispatcher starting; {counts}", data);
        data["secondsSinceLastPass"] = Math.Round(since.TotalSeconds, 1);
        var stalledAfter = TimeSpan.FromTicks(Math.Max(settings.PollInterval.Ticks * 5, TimeSpan.FromMinutes(1).Ticks));
        if (since > stalledAfter) return HealthCheckResult.Degraded($"dispatcher stalled: last pass {since.TotalSeconds:0} s ago; {counts}", data: data);
        if (heartbeat.LastError is { } error) return HealthCheckResult.Degraded($"dispatcher pass failed: {error}; {counts}", data: data);
        if (heartbeat.Unreachable is { } outage)
        {
            var down = clock.GetUtcNow() - outage.Since;
            data["unreachableSince"] = outage.Since;
            data["lastError"] = outage.Error;
            // A short outage is retried quietly; past the configured time an operator should know.
            if (down >= settings.UnhealthyAfter)
                return HealthCheckResult.Degraded($"mail server unreachable for {down.TotalSeconds:0} s (since {outage.Since:u}): {outage.Error}; {counts}", data: data);
        }
        return HealthCheckResult.Healthy($"dispatcher alive; {counts}", data);
    }
}
