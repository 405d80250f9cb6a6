using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Outbox;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Decisions;

/// <summary>
/// The DossierSelected stimuli owed by published selections (the grants stage's workflow starts on it): recorded through
/// the <see cref="WorkflowOutbox"/> in the transaction of the change that owes them (publication, revision, promotion), so
/// that a crash after that commit cannot lose them; delivered just after it, else by the outbox's dispatcher. The
/// idempotency key makes a repeated delivery harmless. A decision's <see cref="Decision.StimulusSentAt"/> is the instant
/// its stimulus was handed to the outbox.
/// </summary>
public sealed class SelectionStimuli(CallManagerDbContext db, WorkflowOutbox outbox, TimeProvider clock)
{
    public const string Name = "DossierSelected";

    private int _recorded;

    /// <summary>
    /// The idempotency key of a selection published (or promoted) at <paramref name="at"/>. It names the decision too: a
    /// dossier returned to review gets a new decision, and selecting it again must not reuse the first selection's key.
    /// </summary>
    public static string Key(Decision decision, DateTimeOffset at) => $"dossier-selected:{decision.ApplicationId:N}:{decision.Id:N}:{at.UtcTicks}";

    /// <summary>
    /// Records, in the unit of work about to be saved, the stimulus of every decision of the call (all calls when null)
    /// that owes one: those saved owing it and those changed in this unit of work. The caller saves, then <see cref="DeliverAsync"/>.
    /// </summary>
    public async Task RecordOwedAsync(Guid? callId, CancellationToken ct)
    {
        var saved = await db.Set<Decision>().Where(d => d.StimulusKey != null && d.StimulusSentAt == null && (callId == null || d.CallId == callId))
            .ToListAsync(ct);
        var changed = db.ChangeTracker.Entries<Decision>().Select(e => e.Entity);
        foreach (var decision in saved.Concat(changed).Distinct()
                     .Where(d => d.StimulusKey != null && d.StimulusSentAt == null && (callId == null || d.CallId == callId)).OrderBy(d => d.PublishedAt))
            Record(decision);
    }

    /// <summary>Delivers the stimuli this unit of work recorded (after its save); returns how many were recorded.</summary>
    public async Task<int> DeliverAsync(CancellationToken ct)
    {
        await outbox.DeliverAsync(ct);
        var recorded = _recorded;
        _recorded = 0;
        return recorded;
    }

    /// <summary>Records and saves every owed stimulus of the call (all calls when null), then delivers them; returns how many.</summary>
    public async Task<int> SendPendingAsync(Guid? callId, CancellationToken ct)
    {
        await RecordOwedAsync(callId, ct);
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        return await DeliverAsync(ct);
    }

    private void Record(Decision decision)
    {
        var payload = new JsonObject
        {
            ["applicationId"] = decision.ApplicationId.ToString(), ["callId"] = decision.CallId.ToString(), ["amount"] = decision.GrantedAmount,
        };
        outbox.Stimulate(new Stimulus(Name, decision.ApplicationId.ToString(), payload, decision.StimulusKey));
        decision.StimulusSentAt = clock.GetUtcNow();
        _recorded++;
    }
}
