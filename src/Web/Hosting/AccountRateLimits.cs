using System.Threading.RateLimiting;

namespace CallManager.Web.Hosting;

/// <summary>
/// The per-account side of the rate limits: attempts naming one e-mail address (sign-in, registration, reset, confirmation
/// mail) are counted whatever client and host they come from (the counters are in the database), so a spread-out attack on
/// one account, or mail flooding one person, stops at the account's limit.
/// </summary>
public sealed class AccountRateLimits(RateLimitOptions options, IServiceScopeFactory scopes, TimeProvider clock, ILogger<AccountRateLimits> logger) : IDisposable
{
    private readonly DatabaseRateLimiter<(RateLimitBucket Bucket, string Account)> _limiter = new(key =>
            options.Rule(key.Bucket).PerAccount > 0
                ? new RateLimitPartitionRule($"{key.Bucket}|account|{key.Account}", options.Rule(key.Bucket).PerAccount, options.Rule(key.Bucket).Window)
                : null,
        scopes, clock, logger);

    /// <summary>Counts one attempt naming <paramref name="email"/>; the time to wait when the account's limit is reached, else null.</summary>
    public async Task<TimeSpan?> TryAttemptAsync(RateLimitBucket bucket, string? email, CancellationToken cancellationToken = default)
    {
        if (!options.Enabled || string.IsNullOrWhiteSpace(email)) return null;
        using var lease = await _limiter.AcquireAsync((bucket, email.Trim().ToUpperInvariant()), cancellationToken: cancellationToken);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Rule(bucket).Window;
    }

    public void Dispose() => _limiter.Dispose();
}
