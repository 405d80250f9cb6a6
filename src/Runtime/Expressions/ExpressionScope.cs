using System.Text.Json.Nodes;

namespace CallManager.Runtime.Expressions;

/// <summary>What an expression can read: the variables, the workflow input, the correlation id, the stimulus payload, the time.</summary>
public sealed record ExpressionScope(JsonObject Variables, JsonObject Input, string? CorrelationId, Guid InstanceId, JsonNode? Payload, DateTimeOffset Now);

/// <summary>An expression failed to evaluate; the message names the activity and the input.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
