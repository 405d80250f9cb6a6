namespace CallManager.Domain.Privacy.Exports;

/// <summary>The Hangfire jobs of personal exports: build one (queued at the request), and delete expired archives (hourly).</summary>
public sealed class PersonalExportJob(PersonalExportService exports)
{
    /// <summary>The recurring expiry job's id.</summary>
    public const string ExpiryId = "privacy-export-expiry";

    public Task RunAsync(Guid exportId, CancellationToken cancellationToken) => exports.BuildAsync(exportId, cancellationToken);

    public Task DeleteExpiredAsync(CancellationToken cancellationToken) => exports.DeleteExpiredAsync(cancellationToken);
}
