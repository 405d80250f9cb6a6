using CallManager.Domain.Common;

namespace CallManager.Domain.Calls;

/// <summary>Called in the same unit of work when a published call's eligibility rules change (before its deadline), to judge its dossiers again.</summary>
public interface IEligibilityRulesChangedHandler
{
    /// <summary>Reacts to the new rules of <paramref name="call"/> (already applied, not yet saved).</summary>
    Task OnRulesChangedAsync(Call call, Actor actor, CancellationToken ct);
}
