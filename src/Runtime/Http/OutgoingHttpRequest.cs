using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Runtime.Http;

/// <summary>
/// Sends the request of a SendHttpRequest or FlowSendHttpRequest (Elsa's inputs <c>url</c>, <c>method</c>, <c>content</c>,
/// <c>contentType</c>, <c>authorization</c>, <c>requestHeaders</c>) through <see cref="IHttpClientFactory"/>, only to a host of
/// <see cref="HttpWorkflowOptions.AllowedHosts"/>, within <see cref="HttpWorkflowOptions.Timeout"/>; stores the outputs
/// <c>statusCode</c>, <c>parsedContent</c>, <c>responseHeaders</c> (and <c>result</c>) in the variables they name.
/// Redirects are not followed (a redirect could lead to a host not allowed): a 3xx is the response.
/// </summary>
public sealed class OutgoingHttpRequest(IHttpClientFactory clients, IOptions<HttpWorkflowOptions> options, ILogger<OutgoingHttpRequest> logger)
{
    /// <summary>The named client of workflow requests.</summary>
    public const string ClientName = "CallManager.Workflows";

    /// <summary>The outputs a definition may bind to variables.</summary>
    public static readonly string[] Outputs = ["statusCode", "parsedContent", "responseHeaders", "result"];

    /// <summary>What happened: the status code, or why there is none.</summary>
    public sealed record Outcome(int? StatusCode, bool TimedOut, string? ConnectionError);

    public async Task<Outcome> SendAsync(ActivityContext context)
    {
        var url = Url(context.GetInput<string>("url"));
        var method = new HttpMethod((context.GetInput<string>("method") is { Length: > 0 } m ? m : "GET").ToUpperInvariant());
        using var request = new HttpRequestMessage(method, url) { Content = Content(context) };
        foreach (var (name, values) in WriteHttpResponse.Headers(context.GetInput("requestHeaders")))
            if (!request.Headers.TryAddWithoutValidation(name, values)) request.Content?.Headers.TryAddWithoutValidation(name, values);
        if (context.GetInput<string>("authorization") is { Length: > 0 } authorization)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadAsync(response.Content, timeout.Token);
            Store(context, (int)response.StatusCode, body, response);
            context.Journal($"{method} {url} → {(int)response.StatusCode}");
            return new Outcome((int)response.StatusCode, false, null);
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Workflow {InstanceId} at {ActivityId}: {Method} {Url} timed out after {Timeout}", context.InstanceId, context.ActivityId, method, url, options.Value.Timeout);
            context.Journal($"{method} {url} timed out after {options.Value.Timeout}");
            return new Outcome(null, true, null);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "Workflow {InstanceId} at {ActivityId}: {Method} {Url} failed to connect", context.InstanceId, context.ActivityId, method, url);
            context.Journal($"{method} {url} failed to connect: {e.Message}");
            return new Outcome(null, false, e.Message);
        }
    }

    /// <summary>The absolute http(s) URL of input <c>url</c>, refused unless its host is allowed.</summary>
    private Uri Url(string? text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"url '{text}' is not an absolute http or https URL. Give one such as \"https://api.example.org/orders\".");
        if (!IsAllowed(url.Host, options.Value.AllowedHosts))
            throw new InvalidOperationException($"host '{url.Host}' is not allowed to be called by workflows. An administrator adds it to the configuration key Workflows:Http:AllowedHosts (now: {(options.Value.AllowedHosts.Length == 0 ? "empty, so no host is allowed" : string.Join(", ", options.Value.AllowedHosts))}).");
        return url;
    }

    /// <summary>True when <paramref name="host"/> is listed, or is a subdomain of a listed <c>*.domain</c>.</summary>
    public static bool IsAllowed(string host, IEnumerable<string> allowed) => allowed.Any(a =>
        a.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(a[1..], StringComparison.OrdinalIgnoreCase) && host.Length > a.Length - 1
            : string.Equals(a.Trim(), host, StringComparison.OrdinalIgnoreCase));

    private static HttpContent? Content(ActivityContext context)
    {
        var content = context.GetInput("content");
        if (content is null) return null;
        var type = context.GetInput<string>("contentType") is { Length: > 0 } t ? t : null;
        var isText = content is JsonValue v && v.TryGetValue<string>(out _);
        var text = isText ? content.ToString() : content.ToJsonString();
        var result = new StringContent(text, Encoding.UTF8);
        result.Headers.ContentType = MediaTypeHeaderValue.Parse(type ?? (isText ? "text/plain" : "application/json"));
        return result;
    }

    private async Task<string> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxResponseSize;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16_384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new InvalidOperationException($"the response is larger than {limit} bytes (Workflows:Http:MaxResponseSize).");
            buffer.Write(chunk, 0, read);
        }
        var charset = content.Headers.ContentType?.CharSet;
        var encoding = charset is null ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim('"'));
        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Store(ActivityContext context, int status, string body, HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            headers[name] = string.Join(", ", values);
        var parsed = Parse(body, response.Content.Headers.ContentType?.MediaType);
        var outputs = new Dictionary<string, JsonNode?>
        {
            ["statusCode"] = status, ["parsedContent"] = parsed, ["responseHeaders"] = headers,
            ["result"] = new JsonObject { ["statusCode"] = status, ["headers"] = headers.DeepClone(), ["content"] = parsed?.DeepClone() },
        };
        foreach (var (output, value) in outputs)
            if (SetVariable.VariableName(context.Node[output]) is { } variable) context.SetVariable(variable, value);
    }

    private static JsonNode? Parse(string body, string? mediaType)
    {
        if (body.Length == 0) return null;
        if (mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true) return JsonValue.Create(body);
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return JsonValue.Create(body); // a server that mislabels its body: kept as text rather than faulting the step
        }
    }
}
