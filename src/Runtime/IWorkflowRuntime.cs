using System.Text.Json.Nodes;
using CallManager.Runtime.Instances;

namespace CallManager.Runtime;

/// <summary>
/// The workflow runtime: starts instances of published definitions, delivers stimuli to their bookmarks, moves
/// timers, retries and cancels. Every call runs in its own DI scope and commits each step of an instance in one
/// transaction (one writer per instance: a concurrency token with retry). Refusals throw <c>DomainException</c>.
/// </summary>
public interface IWorkflowRuntime
{
    /// <summary>
    /// Starts an instance of the latest published version of <see cref="StartRequest.DefinitionId"/> and runs it
    /// until it suspends or finishes. With <see cref="StartRequest.OnePerCorrelation"/>, an existing instance of the
    /// definition for that correlation id is returned instead of starting a second one.
    /// </summary>
    Task<WorkflowInstanceSummary> StartAsync(StartRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers a stimulus: resumes the bookmarks named <see cref="Stimulus.Name"/> of the instances with
    /// <see cref="Stimulus.CorrelationId"/> (or of <see cref="Stimulus.InstanceId"/>), starts the definitions whose
    /// trigger matches when no instance exists yet for that correlation id, and otherwise keeps it in the inbox
    /// until a matching bookmark is committed. The same <see cref="Stimulus.IdempotencyKey"/> is delivered once.
    /// </summary>
    Task<StimulusResult> StimulateAsync(Stimulus stimulus, CancellationToken cancellationToken = default);

    /// <summary>Moves the due instant of the timer bookmark(s) of <paramref name="activityId"/> (e.g. a deadline changed by an administrator) and reschedules their job.</summary>
    Task RescheduleTimerAsync(Guid instanceId, string activityId, DateTimeOffset dueAt, CancellationToken cancellationToken = default);

    /// <summary>Re-runs a Faulted instance from the activity that faulted (its incident is resolved).</summary>
    Task<WorkflowInstanceSummary> RetryAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Cancels a Running, Suspended or Faulted instance: its bookmarks and timer jobs are removed.</summary>
    Task<WorkflowInstanceSummary> CancelAsync(Guid instanceId, string? reason = null, CancellationToken cancellationToken = default);
}

/// <summary>Asks to start <paramref name="DefinitionId"/> with <paramref name="Input"/> for <paramref name="CorrelationId"/>.</summary>
public sealed record StartRequest(string DefinitionId, string? CorrelationId = null, JsonObject? Input = null, bool OnePerCorrelation = false);

/// <summary>A named event for the instances correlated with <paramref name="CorrelationId"/>; <paramref name="IdempotencyKey"/> makes redelivery harmless.</summary>
public sealed record Stimulus(string Name, string? CorrelationId = null, JsonNode? Payload = null, string? IdempotencyKey = null, Guid? InstanceId = null);

/// <summary>What a stimulus did: the instances it resumed or started, or that it waits in the inbox, or was a duplicate.</summary>
public sealed record StimulusResult(StimulusOutcome Outcome, IReadOnlyList<Guid> Instances);

/// <summary>The fate of a stimulus.</summary>
public enum StimulusOutcome
{
    /// <summary>Matching bookmarks were resumed (or a trigger started an instance).</summary>
    Delivered,
    /// <summary>No bookmark matched yet: kept in the inbox, delivered when one is committed.</summary>
    Queued,
    /// <summary>Its idempotency key was already received: nothing happened.</summary>
    Duplicate,
}

/// <summary>An instance's identity and state after an operation (<paramref name="Name"/>: set by an Elsa SetName activity).</summary>
public sealed record WorkflowInstanceSummary(Guid Id, string DefinitionId, int DefinitionVersion, WorkflowStatus Status, string? CorrelationId, string? Name = null);
