using CallManager.Domain.Audit;
using CallManager.Domain.Privacy;
using CallManager.Domain.Privacy.Exports;
using Hangfire;

namespace CallManager.Web.Hosting;

/// <summary>
/// At start-up: writes the audit chain's head outside the database and registers the daily jobs of privacy and audit
/// (<see cref="RetentionJob"/> at 02:00 UTC, then <see cref="AuditHeadJob"/> at 02:30 UTC) and the hourly deletion of expired exports.
/// </summary>
public sealed class PrivacyStartupTask(AuditHeads heads, IRecurringJobManager recurring, Hangfire.IGlobalConfiguration hangfire) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _ = hangfire; // Hangfire is configured for this host (storage) before the recurring jobs touch it
        await heads.WriteAsync("start-up", cancellationToken);
        recurring.AddOrUpdate<AuditHeadJob>(AuditHeadJob.Id, job => job.RunAsync(CancellationToken.None), "30 2 * * *");
        recurring.AddOrUpdate<RetentionJob>(RetentionJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily(2));
        recurring.AddOrUpdate<PersonalExportJob>(PersonalExportJob.ExpiryId, job => job.DeleteExpiredAsync(CancellationToken.None), Cron.Hourly());
    }
}
