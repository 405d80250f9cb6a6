using CallManager.Runtime.Contracts;
using CallManager.Runtime.Http;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's SendHttpRequest: sends a request (see <see cref="OutgoingHttpRequest"/>) and completes with "Done" whatever the status
/// code, stored in output <c>statusCode</c>. A host not allowed by configuration, a connection failure or a timeout faults the
/// step (an incident says why; a retry sends again).
/// </summary>
public sealed class SendHttpRequest(OutgoingHttpRequest sender) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var outcome = await sender.SendAsync(context);
        if (outcome.TimedOut) throw new TimeoutException("the request timed out (Workflows:Http:Timeout). Retry the instance once the server answers.");
        if (outcome.ConnectionError is { } error) throw new InvalidOperationException($"the request failed to connect: {error}. Retry the instance once the server is reachable.");
        return ActivityResult.Done();
    }
}
