using CallManager.Runtime.Activities;

namespace CallManager.Runtime.Http;

/// <summary>The outputs of the HTTP activities a definition may bind to variables (Elsa's <c>{ "memoryReference": { "id" } }</c>).</summary>
internal static class HttpOutputs
{
    public static IReadOnlyList<string> Of(Type activityType) =>
        activityType == typeof(HttpEndpoint) ? HttpEndpoint.Outputs
        : activityType == typeof(SendHttpRequest) || activityType == typeof(FlowSendHttpRequest) ? OutgoingHttpRequest.Outputs
        : [];
}
