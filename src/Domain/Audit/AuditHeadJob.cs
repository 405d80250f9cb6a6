using Microsoft.Extensions.Logging;

namespace CallManager.Domain.Audit;

/// <summary>Daily Hangfire job: writes the audit chain's signed head outside the database.</summary>
public sealed class AuditHeadJob(AuditHeads heads, ILogger<AuditHeadJob> logger)
{
    /// <summary>The recurring job's id.</summary>
    public const string Id = "audit-head";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var head = await heads.WriteAsync("daily", cancellationToken);
        if (head is null) logger.LogInformation("No audit chain head written (empty chain, or the write failed and was logged)");
    }
}
