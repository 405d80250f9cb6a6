using System.Threading.RateLimiting;

namespace CallManager.Web.Hosting;

/// <summary>
/// The per-account side of the rate limits: attempts naming one e-mail address (sign-in, registration, reset, confirmation
/// mail) are counted whatever client they come from, so a spread-out attack on one account, or mail flooding one
/// person, stops at the account's limit.
/// </summary>
public sealed class AccountRateLimits(RateLimitOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<(RateLimitBucket Bucket, string Account)> _limiter =
        PartitionedRateLimiter.Create<(RateLimitBucket Bucket, string Account), (RateLimitBucket, string)>(key =>
            options.Rule(key.Bucket).PerAccount > 0
                ? RateLimitPartition.GetFixedWindowLimiter(key, _ => RateLimits.Limiter(options.Rule(key.Bucket).PerAccount, options.Rule(key.Bucket).Window))
                : RateLimitPartition.GetNoLimiter(key));

    /// <summary>Counts one attempt naming <paramref name="email"/>; the time to wait when the account's limit is reached, else null.</summary>
    public TimeSpan? TryAttempt(RateLimitBucket bucket, string? email)
    {
        if (!options.Enabled || string.IsNullOrWhiteSpace(email)) return null;
        using var lease = _limiter.AttemptAcquire((bucket, email.Trim().ToUpperInvariant()));
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Rule(bucket).Window;
    }

    public void Dispose() => _limiter.Dispose();
}
