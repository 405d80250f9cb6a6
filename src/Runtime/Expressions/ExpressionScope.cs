using System.Text.Json.Nodes;

namespace CallManager.Runtime.Expressions;

/// <summary>
/// What an expression can read: the variables, the workflow input, the correlation id, the stimulus payload, the time; and
/// the token that stops its script when its workflow is cancelled (<see cref="RunningScripts"/>).
/// </summary>
public sealed record ExpressionScope(JsonObject Variables, JsonObject Input, string? CorrelationId, Guid InstanceId, JsonNode? Payload, DateTimeOffset Now,
    CancellationToken Cancellation = default)
{
    /// <summary>Extra globals a script activity defines (RunJavaScript's <c>setOutcome</c>), installed after the usual ones.</summary>
    public Action<Jint.Engine>? Configure { get; init; }
}

/// <summary>An expression failed to evaluate; the message names the activity and the input.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
