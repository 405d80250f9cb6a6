using System.Text.Json;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Sqlite;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallManager.Web.Hosting;

/// <summary>Healthy when the database answers.</summary>
public sealed class DatabaseHealthCheck(CallManagerDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"{db.Provider} reachable")
            : HealthCheckResult.Unhealthy($"{db.Provider} unreachable");
}

/// <summary>Healthy when the Hangfire storage answers; reports how many job servers are alive.</summary>
public sealed class HangfireHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers().Count;
            return Task.FromResult(HealthCheckResult.Healthy($"{servers} job server(s)"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("job storage unreachable", e));
        }
    }
}

/// <summary>
/// Degraded while the SQLite group-commit path has recently failed to deliver stimuli itself (the scoped path delivered
/// them: nothing lost, throughput reduced), so a defect there shows to an operator.
/// </summary>
public sealed class WorkflowRuntimeHealthCheck(GroupCommit groupCommit, TimeProvider clock) : IHealthCheck
{
    /// <summary>How long a fallback keeps the check Degraded.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["groupCommit"] = groupCommit.IsEnabled, ["fallbacks"] = groupCommit.Fallbacks };
        if (groupCommit.LastFallback is { } last && clock.GetUtcNow() - last.At < Window)
            return Task.FromResult(HealthCheckResult.Degraded(
                $"{groupCommit.Fallbacks} stimuli fell back from the group-commit path since start-up; last at {last.At:u}: {last.Error}", data: data));
        return Task.FromResult(HealthCheckResult.Healthy(groupCommit.IsEnabled ? "group commit on" : "per-call commits", data));
    }
}

/// <summary>Writes the health report as a small JSON document: overall status and one entry per check.</summary>
public static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
