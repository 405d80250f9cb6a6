using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Decisions;

/// <summary>
/// Delivers the DossierSelected stimuli owed by published selections (the grants stage's workflow starts on it), after the
/// decision is committed; the idempotency key makes a repeated delivery harmless.
/// </summary>
public sealed class SelectionStimuli(CallManagerDbContext db, IWorkflowRuntime runtime, TimeProvider clock)
{
    public const string Name = "DossierSelected";

    /// <summary>
    /// The idempotency key of a selection published (or promoted) at <paramref name="at"/>. It names the decision too: a
    /// dossier returned to review gets a new decision, and selecting it again must not reuse the first selection's key.
    /// </summary>
    public static string Key(Decision decision, DateTimeOffset at) => $"dossier-selected:{decision.ApplicationId:N}:{decision.Id:N}:{at.UtcTicks}";

    /// <summary>Delivers every owed stimulus of the call (all calls when null); returns how many were delivered.</summary>
    public async Task<int> SendPendingAsync(Guid? callId, CancellationToken ct)
    {
        var owed = await db.Set<Decision>().Where(d => d.StimulusKey != null && d.StimulusSentAt == null && (callId == null || d.CallId == callId))
            .ToListAsync(ct);
        foreach (var decision in owed.OrderBy(d => d.PublishedAt))
        {
            var payload = new JsonObject
            {
                ["applicationId"] = decision.ApplicationId.ToString(), ["callId"] = decision.CallId.ToString(), ["amount"] = decision.GrantedAmount,
            };
            await runtime.StimulateAsync(new Stimulus(Name, decision.ApplicationId.ToString(), payload, decision.StimulusKey), ct);
            decision.StimulusSentAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return owed.Count;
    }
}
