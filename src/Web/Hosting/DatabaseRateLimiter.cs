using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Web.Hosting;

/// <summary>One partition of a rate limit: its name (client address or account, with the action), permits and window.</summary>
public readonly record struct RateLimitPartitionRule(string Partition, int Permits, TimeSpan Window);

/// <summary>
/// A fixed-window rate limiter whose counters live in the database (<see cref="RateLimitCounter"/>), so that every web host
/// on one database counts the same attempts and a limit holds in total; behind the framework's <see cref="PartitionedRateLimiter{TResource}"/>
/// API, so the policy is declared as before. The synchronous attempt never decides a limited request (it cannot wait for the
/// database): it reports "not acquired" and the caller, like the rate-limiting middleware, goes on to <c>AcquireAsync</c>.
/// When the database cannot be reached, the host's own in-memory window decides, with a warning counted.
/// </summary>
public sealed class DatabaseRateLimiter<TResource>(Func<TResource, RateLimitPartitionRule?> partitioner, IServiceScopeFactory scopes,
    TimeProvider clock, ILogger logger) : PartitionedRateLimiter<TResource>
{
    private static readonly Meter Meter = new("CallManager.RateLimits");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("callmanager.rate_limits.database_failures");
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<RateLimitPartitionRule> _fallback = PartitionedRateLimiter.Create<RateLimitPartitionRule, string>(rule =>
        RateLimitPartition.GetFixedWindowLimiter(rule.Partition, _ => RateLimits.Limiter(rule.Permits, rule.Window)));
    private long _nextCleanup;

    public override RateLimiterStatistics? GetStatistics(TResource resource) => null;

    protected override RateLimitLease AttemptAcquireCore(TResource resource, int permitCount) =>
        partitioner(resource) is null ? Lease.Granted : Lease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(TResource resource, int permitCount, CancellationToken cancellationToken)
    {
        if (partitioner(resource) is not { } rule) return Lease.Granted;
        var now = clock.GetUtcNow();
        try
        {
            var key = Key(rule.Partition);
            var (count, windowEnd) = await CountAsync(key, now, rule.Window, cancellationToken);
            return count <= Math.Max(1, rule.Permits) ? Lease.Granted : Lease.Refused(windowEnd - now);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            Failures.Add(1);
            logger.LogWarning(e, "Rate-limit counter unavailable in the database; this host's own window decides for {Partition}.", rule.Partition.Split('|')[0]);
            return _fallback.AttemptAcquire(rule, permitCount);
        }
    }

    /// <summary>
    /// Counts one attempt in the partition's row, atomically: a window starts at the first attempt (count 1, ending one window
    /// later) and the attempts until its end add to it, as the framework's fixed window does. Returns the count and the window's end.
    /// </summary>
    private async Task<(int Count, DateTimeOffset WindowEnd)> CountAsync(string key, DateTimeOffset now, TimeSpan window, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        if (Interlocked.Read(ref _nextCleanup) <= now.UtcTicks)
        {
            Interlocked.Exchange(ref _nextCleanup, (now + CleanupInterval).UtcTicks);
            await db.Set<RateLimitCounter>().Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(ct);
        }
        var end = now + window;
        var counts = db.Provider switch
        {
            DatabaseProvider.SqlServer => db.Database.SqlQuery<int>($"""
                MERGE [RateLimitCounters] WITH (HOLDLOCK) AS t USING (SELECT {key} AS [Key]) AS s ON t.[Key] = s.[Key]
                WHEN MATCHED THEN UPDATE SET [Count] = CASE WHEN t.[ExpiresAt] <= {now} THEN 1 ELSE t.[Count] + 1 END,
                    [ExpiresAt] = CASE WHEN t.[ExpiresAt] <= {now} THEN {end} ELSE t.[ExpiresAt] END
                WHEN NOT MATCHED THEN INSERT ([Key], [Count], [ExpiresAt]) VALUES (s.[Key], 1, {end})
                OUTPUT inserted.[Count] AS [Value];
                """),
            DatabaseProvider.Sqlite => db.Database.SqlQuery<int>($"""
                INSERT INTO "RateLimitCounters" ("Key", "Count", "ExpiresAt") VALUES ({key}, 1, {end.UtcTicks})
                ON CONFLICT ("Key") DO UPDATE SET
                    "Count" = CASE WHEN "RateLimitCounters"."ExpiresAt" <= {now.UtcTicks} THEN 1 ELSE "RateLimitCounters"."Count" + 1 END,
                    "ExpiresAt" = CASE WHEN "RateLimitCounters"."ExpiresAt" <= {now.UtcTicks} THEN excluded."ExpiresAt" ELSE "RateLimitCounters"."ExpiresAt" END
                RETURNING "Count" AS "Value"
                """),
            _ => db.Database.SqlQuery<int>($"""
                INSERT INTO "RateLimitCounters" ("Key", "Count", "ExpiresAt") VALUES ({key}, 1, {end})
                ON CONFLICT ("Key") DO UPDATE SET
                    "Count" = CASE WHEN "RateLimitCounters"."ExpiresAt" <= {now} THEN 1 ELSE "RateLimitCounters"."Count" + 1 END,
                    "ExpiresAt" = CASE WHEN "RateLimitCounters"."ExpiresAt" <= {now} THEN excluded."ExpiresAt" ELSE "RateLimitCounters"."ExpiresAt" END
                RETURNING "Count" AS "Value"
                """),
        };
        var count = (await counts.ToListAsync(ct)).Single();
        // The window's end matters only to a refusal (its Retry-After): read it then.
        if (count == 1) return (count, end);
        var windowEnd = await db.Set<RateLimitCounter>().AsNoTracking().Where(c => c.Key == key).Select(c => c.ExpiresAt).FirstOrDefaultAsync(ct);
        return (count, windowEnd > now ? windowEnd : end);
    }

    // Hashed: a typed e-mail address can be long and is personal data.
    private static string Key(string partition) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partition)));

    protected override void Dispose(bool disposing)
    {
        if (disposing) _fallback.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>A lease that holds nothing (a window's permit is spent when counted).</summary>
    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease Undecided = new(false, null);
        public static Lease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;
        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
