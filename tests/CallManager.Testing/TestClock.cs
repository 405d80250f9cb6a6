using Microsoft.Extensions.Time.Testing;

namespace CallManager.Testing;

/// <summary>A FakeTimeProvider starting at a fixed, readable instant (UTC) so tests read like a calendar.</summary>
public static class TestClock
{
    /// <summary>2027-03-01 09:00 UTC, a Monday.</summary>
    public static readonly DateTimeOffset Start = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A fake clock at <see cref="Start"/> (or <paramref name="at"/>).</summary>
    public static FakeTimeProvider Create(DateTimeOffset? at = null) => new(at ?? Start);
}
