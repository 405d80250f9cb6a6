using CallManager.Domain.Audit;
using CallManager.Domain.Common;

namespace CallManager.Domain.Calls;

/// <summary>The one function that moves a call between statuses, with the table of allowed moves.</summary>
public sealed class CallLifecycle(AuditLog audit, TimeProvider clock)
{
    /// <summary>Allowed moves: Draft → Published → Closed.</summary>
    public static readonly IReadOnlyDictionary<CallStatus, CallStatus[]> Allowed = new Dictionary<CallStatus, CallStatus[]>
    {
        [CallStatus.Draft] = [CallStatus.Published],
        [CallStatus.Published] = [CallStatus.Closed],
        [CallStatus.Closed] = [],
    };

    /// <summary>Moves <paramref name="call"/> to <paramref name="to"/>. Side effects: status and date set, audit entry added (not saved).</summary>
    public async Task TransitionAsync(Call call, CallStatus to, Actor actor, CancellationToken ct = default)
    {
        if (!Allowed[call.Status].Contains(to))
            throw DomainException.Conflict($"A call that is {call.Status} cannot become {to}.");
        var from = call.Status;
        call.Status = to;
        if (to == CallStatus.Published) call.PublishedAt = clock.GetUtcNow();
        if (to == CallStatus.Closed) call.ClosedAt = clock.GetUtcNow();
        await audit.AppendAsync(actor, nameof(Call), call.Id, call.Id, "call." + to.ToString().ToLowerInvariant(),
            new { status = from }, new { status = to }, ct);
    }
}
