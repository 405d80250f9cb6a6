using CallManager.Domain.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Privacy;

/// <summary>The daily Hangfire job applying the retention rules (one host runs it: Hangfire's recurring-job lock).</summary>
public sealed class RetentionJob(RetentionService retention, IOptions<RetentionOptions> options, ILogger<RetentionJob> logger)
{
    /// <summary>The recurring job's id.</summary>
    public const string Id = "privacy-retention";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogWarning("Retention is disabled (Retention:Enabled=false): nothing past its retention period was removed");
            return;
        }
        await retention.RunAsync(Actor.System, cancellationToken);
    }
}
