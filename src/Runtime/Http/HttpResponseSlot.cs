namespace CallManager.Runtime.Http;

/// <summary>
/// The response of the HTTP request a step runs for (one per DI scope, so a step re-run after a conflict starts empty): opened by
/// <see cref="HttpWorkflows"/> before the step, written by WriteHttpResponse, read once the step is committed. A step run for
/// anything else (a stimulus, a timer) finds it closed.
/// </summary>
public sealed class HttpResponseSlot
{
    /// <summary>True while a step runs for an HTTP request.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>The response written by the step, if any.</summary>
    public HttpWorkflowResponse? Response { get; private set; }

    /// <summary>The activity that wrote it.</summary>
    public string? WrittenBy { get; private set; }

    internal void Open() => IsOpen = true;

    /// <summary>Records the response of <paramref name="activityId"/>; a second write in one request is refused (the first one was sent).</summary>
    public void Write(string activityId, HttpWorkflowResponse response)
    {
        if (!IsOpen)
            throw new InvalidOperationException("There is no HTTP request to answer here: WriteHttpResponse runs only in the step started or resumed by an HttpEndpoint request (the request that reached this workflow was answered when it suspended). Move it right after the HttpEndpoint, before any wait.");
        if (Response is not null)
            throw new InvalidOperationException($"The response of this HTTP request was already written by activity '{WrittenBy}'. Write it once per request.");
        Response = response;
        WrittenBy = activityId;
    }
}

/// <summary>What WriteHttpResponse wrote: status, content type, body text and headers.</summary>
public sealed record HttpWorkflowResponse(int StatusCode, string? ContentType, string? Content, IReadOnlyDictionary<string, string[]> Headers);
