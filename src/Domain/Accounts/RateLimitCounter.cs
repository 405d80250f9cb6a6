using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Accounts;

/// <summary>
/// The attempts counted in one window of one rate-limit partition (an account action from one client address, or naming one
/// account), shared by every web host on the database so a limit holds in total rather than per host.
/// </summary>
public class RateLimitCounter
{
    /// <summary>The partition (e.g. <c>SignIn|203.0.113.9</c>), hashed with SHA-256 (an e-mail address is personal data).</summary>
    public string Key { get; set; } = "";
    public int Count { get; set; }

    /// <summary>When the current window ends: the next attempt after it starts a new window; expired rows are deleted.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>Table <c>RateLimitCounters</c>, one row per partition and window.</summary>
public sealed class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounter>
{
    public void Configure(EntityTypeBuilder<RateLimitCounter> b)
    {
        b.ToTable("RateLimitCounters");
        b.HasKey(c => c.Key);
        b.Property(c => c.Key).HasMaxLength(64);
        b.HasIndex(c => c.ExpiresAt);
    }
}
