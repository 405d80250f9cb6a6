using System.Collections.Concurrent;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallManager.Web.Hosting;

/// <summary>The definition files this host refused at start-up, with their problems (kept for <see cref="WorkflowsHealthCheck"/>).</summary>
public sealed class RefusedDefinitions
{
    private readonly ConcurrentDictionary<string, string> _files = new(StringComparer.Ordinal);

    /// <summary>Refused file → its first problem, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Files => [.. _files.OrderBy(f => f.Key, StringComparer.Ordinal)];

    /// <summary>Records the outcome of publishing <paramref name="file"/>: refused with its problems, or accepted (forgets an earlier refusal).</summary>
    public void Record(string file, IReadOnlyList<DefinitionProblem> problems)
    {
        if (problems.Count == 0) _files.TryRemove(file, out _);
        else _files[file] = problems.Count == 1 ? problems[0].ToString() : $"{problems[0]} (and {problems.Count - 1} more problem(s))";
    }
}

/// <summary>
/// Unhealthy when a published call names a workflow that has no published definition (its deadlines and reminders then never
/// run); Degraded when a definition file was refused at start-up (named with its first problem); lists the published definitions.
/// </summary>
public sealed class WorkflowsHealthCheck(CallManagerDbContext db, RefusedDefinitions refused) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var published = await db.Set<WorkflowDefinitionVersion>().AsNoTracking().Select(v => v.DefinitionId).Distinct().ToListAsync(cancellationToken);
        var needed = await db.Set<Call>().AsNoTracking().Where(c => c.Status == CallStatus.Published)
            .Select(c => new { c.Code, c.CallWorkflowId, c.ApplicationWorkflowId }).ToListAsync(cancellationToken);
        var missing = needed
            .SelectMany(c => new[] { (c.Code, Workflow: c.CallWorkflowId), (c.Code, Workflow: c.ApplicationWorkflowId) })
            .Where(n => !published.Contains(n.Workflow, StringComparer.Ordinal))
            .GroupBy(n => n.Workflow, n => n.Code)
            .Select(g => $"workflow '{g.Key}' needed by call(s) {string.Join(", ", g.Distinct().Order(StringComparer.Ordinal))} is not published")
            .Order(StringComparer.Ordinal).ToList();
        var data = new Dictionary<string, object>
        {
            ["published"] = published.Order(StringComparer.Ordinal).ToArray(),
            ["refused"] = refused.Files.ToDictionary(f => f.Key, f => f.Value),
            ["missing"] = missing.ToArray(),
        };
        if (missing.Count > 0)
            return HealthCheckResult.Unhealthy(string.Join("; ", missing) + ". Add the definition to the workflows folder and restart.", data: data);
        if (refused.Files.Count > 0)
            return HealthCheckResult.Degraded($"definition file(s) refused at start-up: {string.Join(", ", refused.Files.Select(f => f.Key))}. " +
                                              "Run `workflows validate` and fix them.", data: data);
        return HealthCheckResult.Healthy($"{published.Count} definition(s) published", data);
    }
}
