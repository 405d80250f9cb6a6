using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallManager.Runtime.Contracts;

/// <summary>
/// What an activity sees while it runs: its inputs (evaluated from Literal, JavaScript or Liquid expressions),
/// the instance's variables, the stimulus payload when resumed, the clock and the scoped services (whose
/// DbContext is saved in the same transaction as the workflow step).
/// </summary>
public sealed class ActivityContext
{
    private readonly IActivityHost _host;

    internal ActivityContext(IActivityHost host, string activityId, string activityType, JsonObject node,
        string? resumedBookmark = null, JsonNode? payload = null)
    {
        _host = host;
        ActivityId = activityId;
        ActivityType = activityType;
        Node = node;
        ResumedBookmark = resumedBookmark;
        Payload = payload;
    }

    /// <summary>The activity's id in the flowchart.</summary>
    public string ActivityId { get; }

    /// <summary>The activity's type name as written in the definition (e.g. "Elsa.FlowDecision").</summary>
    public string ActivityType { get; }

    /// <summary>The activity's JSON node as written in the definition (for custom properties).</summary>
    public JsonObject Node { get; }

    /// <summary>The instance being run.</summary>
    public Guid InstanceId => _host.InstanceId;

    /// <summary>The definition id (e.g. "ptce-call").</summary>
    public string DefinitionId => _host.DefinitionId;

    /// <summary>The published version the instance is pinned to.</summary>
    public int DefinitionVersion => _host.DefinitionVersion;

    /// <summary>The instance's correlation id (e.g. a call or dossier id), if any.</summary>
    public string? CorrelationId => _host.CorrelationId;

    /// <summary>Sets the instance's correlation id (Elsa's Correlate): bookmarks created from now on carry it, and queries find the instance by it.</summary>
    public void SetCorrelationId(string? correlationId) => _host.CorrelationId = string.IsNullOrEmpty(correlationId) ? null : correlationId;

    /// <summary>The instance's name, if one was given (Elsa's SetName).</summary>
    public string? InstanceName => _host.InstanceName;

    /// <summary>Sets the instance's name (Elsa's SetName), shown in the instance lists.</summary>
    public void SetInstanceName(string? name) => _host.InstanceName = string.IsNullOrEmpty(name) ? null : name;

    /// <summary>Runs <paramref name="code"/> as JavaScript in the sandbox of every expression, with <paramref name="configure"/>'s extra globals.</summary>
    internal JsonNode? RunJavaScript(string code, string label, Action<Jint.Engine>? configure) => _host.RunJavaScript(code, ActivityId, label, configure);

    /// <summary>The name of the bookmark being resumed, or null on first execution.</summary>
    public string? ResumedBookmark { get; }

    /// <summary>The stimulus payload when resumed by a stimulus.</summary>
    public JsonNode? Payload { get; }

    /// <summary>The scoped services of this execution (the DbContext is the one saved with the step).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The current instant (UTC) from the injected <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Now => _host.Clock.GetUtcNow();

    /// <summary>Cancelled when the host stops.</summary>
    public CancellationToken CancellationToken => _host.CancellationToken;

    /// <summary>The workflow's input, given at start.</summary>
    public JsonObject Input => _host.Input;

    /// <summary>True when the definition gives input <paramref name="name"/>.</summary>
    public bool HasInput(string name) => Node.TryGetPropertyValue(name, out var v) && v is not null;

    /// <summary>Evaluates input <paramref name="name"/> (its expression), or null when absent.</summary>
    public JsonNode? GetInput(string name) =>
        Node.TryGetPropertyValue(name, out var raw) ? _host.Evaluate(raw, ActivityId, name) : null;

    /// <summary>Evaluates input <paramref name="name"/> and converts it to <typeparamref name="T"/>.</summary>
    public T? GetInput<T>(string name) => Convert<T>(GetInput(name));

    /// <summary>Evaluates an input-shaped node (<c>{ "expression": { "type", "value" } }</c> or a plain value), e.g. a Switch case.</summary>
    public JsonNode? Evaluate(JsonNode? input, string label) => _host.Evaluate(input, ActivityId, label);

    /// <summary>The value of variable <paramref name="name"/>, or null.</summary>
    public JsonNode? GetVariable(string name) => _host.Variables.TryGetPropertyValue(name, out var v) ? v : null;

    /// <summary>The value of variable <paramref name="name"/> converted to <typeparamref name="T"/>.</summary>
    public T? GetVariable<T>(string name) => Convert<T>(GetVariable(name));

    /// <summary>Sets variable <paramref name="name"/> (saved with this step).</summary>
    public void SetVariable(string name, object? value) =>
        _host.Variables[name] = value is JsonNode node ? node.DeepClone() : JsonSerializer.SerializeToNode(value);

    /// <summary>The value of the workflow's output <paramref name="name"/>, or null.</summary>
    public JsonNode? GetOutput(string name) => _host.Output.TryGetPropertyValue(name, out var v) ? v : null;

    /// <summary>Sets the workflow's output <paramref name="name"/> (Elsa's SetOutput; saved with this step, read by a waiting parent).</summary>
    public void SetOutput(string name, JsonNode? value) => _host.Output[name] = value?.DeepClone();

    /// <summary>
    /// Starts an instance of published version <see cref="ChildWorkflowRequest.VersionId"/> as a child of this instance, in the same
    /// commit as this step; when <see cref="ChildWorkflowRequest.NotifyParent"/>, its end resumes the signal <see cref="ChildWorkflowRequest.CompletedSignal"/>.
    /// </summary>
    public void StartChildWorkflow(ChildWorkflowRequest request) => _host.StartChild(request);

    /// <summary>Adds a line to the instance's execution journal.</summary>
    public void Journal(string message) => _host.Journal(ActivityId, ActivityType, message);

    /// <summary>Converts a JSON value to <typeparamref name="T"/> (strings to numbers, instants and booleans too).</summary>
    public static T? Convert<T>(JsonNode? value) => ValueConversion.To<T>(value);
}

/// <summary>The execution side of an <see cref="ActivityContext"/> (implemented by the flowchart executor).</summary>
internal interface IActivityHost
{
    Guid InstanceId { get; }
    string DefinitionId { get; }
    int DefinitionVersion { get; }
    string? CorrelationId { get; set; }
    string? InstanceName { get; set; }
    IServiceProvider Services { get; }
    TimeProvider Clock { get; }
    CancellationToken CancellationToken { get; }
    JsonObject Variables { get; }
    JsonObject Input { get; }
    JsonObject Output { get; }
    void StartChild(ChildWorkflowRequest request);
    JsonNode? Evaluate(JsonNode? input, string activityId, string inputName);
    JsonNode? RunJavaScript(string code, string activityId, string label, Action<Jint.Engine>? configure);
    void Journal(string activityId, string activityType, string message);
}

/// <summary>A child instance an activity starts: its id (chosen by the activity, so it can wait for it), the published version, correlation id and input.</summary>
public sealed record ChildWorkflowRequest(Guid ChildId, Guid VersionId, string? CorrelationId, JsonObject Input, bool NotifyParent)
{
    /// <summary>The signal that resumes a parent waiting for child <paramref name="childId"/>: the child's end sends it with its outcome.</summary>
    public static string Signal(Guid childId) => $"WorkflowCompleted:{childId:N}";

    /// <summary>The signal that resumes the parent waiting for this child.</summary>
    public string CompletedSignal => Signal(ChildId);
}
