using System.Globalization;

namespace CallManager.Domain.Calls.Activities;

/// <summary>Moves <see cref="WaitForCallPhase"/> timers with the call's phase dates.</summary>
public sealed class CallPhaseTimer : ICallDateTimer
{
    public Type ActivityType => typeof(WaitForCallPhase);

    public DateTimeOffset? Due(Call call, Func<string, string?> literalInput)
    {
        if (literalInput("phase") is not { } phase) return null;
        var offset = literalInput("offsetHours") is { } hours ? double.Parse(hours, CultureInfo.InvariantCulture) : 0;
        return WaitForCallPhase.Due(call, phase, offset);
    }
}
