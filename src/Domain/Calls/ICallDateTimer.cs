namespace CallManager.Domain.Calls;

/// <summary>
/// A timer activity whose due instant is computed from a call's dates, registered by the stage that owns the activity
/// so that <see cref="CallTimers"/> can move it when the dates change without knowing later stages.
/// </summary>
public interface ICallDateTimer
{
    /// <summary>The activity class this rule computes for.</summary>
    Type ActivityType { get; }

    /// <summary>The due instant for <paramref name="call"/>, given the activity's literal inputs (null when they are not literals).</summary>
    DateTimeOffset? Due(Call call, Func<string, string?> literalInput);
}
