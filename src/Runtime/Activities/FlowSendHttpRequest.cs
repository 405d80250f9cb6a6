using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Http;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's FlowSendHttpRequest: sends a request (see <see cref="OutgoingHttpRequest"/>) and leaves by the port of its status code
/// when it is one of input <c>expectedStatusCodes</c> (200 by default), by "Unmatched status code" otherwise ("Done" when the list
/// is empty), by "Failed to connect" or "Timeout" when no response came. A host not allowed by configuration faults the step.
/// </summary>
public sealed class FlowSendHttpRequest(OutgoingHttpRequest sender) : IActivity
{
    public const string Unmatched = "Unmatched status code";
    public const string FailedToConnect = "Failed to connect";
    public const string Timeout = "Timeout";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var expected = ExpectedStatusCodes(context);
        var outcome = await sender.SendAsync(context);
        if (outcome.TimedOut) return ActivityResult.Outcome(Timeout);
        if (outcome.ConnectionError is not null) return ActivityResult.Outcome(FailedToConnect);
        var status = outcome.StatusCode!.Value;
        if (expected.Count == 0) return ActivityResult.Done();
        return ActivityResult.Outcome(expected.Contains(status) ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : Unmatched);
    }

    private static List<int> ExpectedStatusCodes(ActivityContext context)
    {
        if (!context.HasInput("expectedStatusCodes")) return [200];
        var value = context.GetInput("expectedStatusCodes");
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
            value = text.TrimStart().StartsWith('[') ? JsonNode.Parse(text) : new JsonArray([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => (JsonNode?)JsonValue.Create(s.Trim()))]);
        return value switch
        {
            null => [200],
            JsonArray list => [.. list.Select(x => int.TryParse(x?.ToString(), out var code) ? code : throw new InvalidOperationException($"expectedStatusCodes holds '{x}', not a status code. List numbers such as [200, 404]."))],
            _ => int.TryParse(value.ToString(), out var single) ? [single] : throw new InvalidOperationException($"expectedStatusCodes is '{value}', not a list of status codes."),
        };
    }
}
