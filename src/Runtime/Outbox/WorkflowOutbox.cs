using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Runtime.Outbox;

/// <summary>
/// Records workflow starts and stimuli in the caller's unit of work (saved with the change that owes them), then, once
/// the caller has saved, delivers them at once; what fails or is cut short by a crash is left to
/// <see cref="WorkflowOutboxDispatcher"/>. So a change is never committed without its workflow's start.
/// </summary>
public sealed class WorkflowOutbox([FromKeyedServices(RuntimeStorage.Key)] DbContext db, IWorkflowRuntime runtime, WorkflowOutboxInFlight inFlight, TimeProvider clock,
    IOptions<RuntimeOptions> options, ILogger<WorkflowOutbox> logger)
{
    private readonly List<WorkflowOutboxItem> _added = [];

    /// <summary>Records the start of <paramref name="definitionId"/> for <paramref name="correlationId"/> (one instance per correlation id).</summary>
    public void Start(string definitionId, string correlationId, JsonObject? input = null) =>
        Add(new WorkflowOutboxItem { DefinitionId = definitionId, CorrelationId = correlationId, PayloadJson = input?.ToJsonString() });

    /// <summary>Records a stimulus; <paramref name="stimulus"/> must carry an idempotency key, so that a redelivery is harmless.</summary>
    public void Stimulate(Stimulus stimulus)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stimulus.IdempotencyKey, nameof(stimulus));
        Add(new WorkflowOutboxItem
        {
            StimulusName = stimulus.Name, CorrelationId = stimulus.CorrelationId, PayloadJson = stimulus.Payload?.ToJsonString(),
            IdempotencyKey = stimulus.IdempotencyKey,
        });
    }

    /// <summary>
    /// After the caller's save: delivers what this unit of work recorded. A failure is recorded on the item (retried by the
    /// dispatcher), logged, and never undoes the caller's committed change.
    /// </summary>
    public async Task DeliverAsync(CancellationToken ct = default)
    {
        var items = _added.Where(i => db.Entry(i).State == EntityState.Unchanged).ToList();
        _added.Clear();
        try
        {
            foreach (var item in items)
                await DeliverOneAsync(db, runtime, item, clock, options.Value, logger, ct);
        }
        finally
        {
            foreach (var item in items) inFlight.Release(item.Id);
        }
    }

    /// <summary>Delivers <paramref name="item"/> and records the outcome (delivered, or the failure and the next attempt) on its row.</summary>
    internal static async Task<bool> DeliverOneAsync(DbContext db, IWorkflowRuntime runtime, WorkflowOutboxItem item, TimeProvider clock,
        RuntimeOptions options, ILogger logger, CancellationToken ct)
    {
        try
        {
            var payload = item.PayloadJson is null ? null : JsonNode.Parse(item.PayloadJson);
            if (item.DefinitionId is not null)
                await runtime.StartAsync(new StartRequest(item.DefinitionId, item.CorrelationId, payload?.AsObject(), OnePerCorrelation: true), ct);
            else
                await runtime.StimulateAsync(new Stimulus(item.StimulusName!, item.CorrelationId, payload, item.IdempotencyKey), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var attempts = item.Attempts + 1;
            var delay = TimeSpan.FromTicks(Math.Min(options.OutboxMaxRetryDelay.Ticks, options.OutboxFirstRetryDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
            var message = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            logger.LogWarning(e, "Workflow {What} for {CorrelationId} not delivered (attempt {Attempt}); retried in {Delay}.",
                item.DefinitionId ?? item.StimulusName, item.CorrelationId, attempts, delay);
            await db.Set<WorkflowOutboxItem>().Where(i => i.Id == item.Id && i.DeliveredAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Attempts, attempts).SetProperty(i => i.LastError, message)
                .SetProperty(i => i.NextAttemptAt, clock.GetUtcNow() + delay).SetProperty(i => i.Version, i => i.Version + 1), CancellationToken.None);
            return false;
        }
        var now = clock.GetUtcNow();
        await db.Set<WorkflowOutboxItem>().Where(i => i.Id == item.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.DeliveredAt, now).SetProperty(i => i.Version, i => i.Version + 1), CancellationToken.None);
        return true;
    }

    private void Add(WorkflowOutboxItem item)
    {
        item.Id = Guid.CreateVersion7();
        item.CreatedAt = item.NextAttemptAt = clock.GetUtcNow();
        inFlight.Hold(item.Id); // the dispatcher of this host leaves it to us until DeliverAsync has run
        db.Add(item);
        _added.Add(item);
    }
}

/// <summary>
/// The outbox items this host is delivering inline, which its dispatcher leaves alone for a minute at most (a unit of work
/// that saved without delivering, or did not save, is then the dispatcher's).
/// </summary>
public sealed class WorkflowOutboxInFlight
{
    private static readonly long HoldMilliseconds = 60_000;
    private readonly ConcurrentDictionary<Guid, long> _ids = new();

    public void Hold(Guid id)
    {
        _ids[id] = Environment.TickCount64;
        if (_ids.Count > 10_000) foreach (var (key, at) in _ids) if (Environment.TickCount64 - at > HoldMilliseconds) _ids.TryRemove(key, out _);
    }

    public void Release(Guid id) => _ids.TryRemove(id, out _);

    public bool IsHeld(Guid id) => _ids.TryGetValue(id, out var at) && Environment.TickCount64 - at < HoldMilliseconds;
}
