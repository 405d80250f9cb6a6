using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's WriteHttpResponse: answers the HTTP request that started or resumed this step with input <c>statusCode</c> (a number or
/// a name such as <c>"OK"</c>, "NotFound"; 200 by default), <c>content</c> (a string as is, anything else as JSON),
/// <c>contentType</c> (by default text/plain for a string, application/json otherwise) and <c>responseHeaders</c>
/// (<c>{ "X-Name": "value" }</c> or lists of values). Outside such a step there is no request to answer: the step faults, saying so.
/// </summary>
public sealed class WriteHttpResponse : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var status = StatusCode(context.GetInput("statusCode"));
        var content = context.GetInput("content");
        var text = content switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => content.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
        };
        var contentType = context.GetInput<string>("contentType") is { Length: > 0 } given ? given
            : text is null ? null
            : content is JsonValue v2 && v2.TryGetValue<string>(out _) ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
        context.Services.GetRequiredService<HttpResponseSlot>().Write(context.ActivityId,
            new HttpWorkflowResponse(status, contentType, text, Headers(context.GetInput("responseHeaders"))));
        context.Journal($"HTTP {status}");
        return ValueTask.FromResult(ActivityResult.Done());
    }

    private static int StatusCode(JsonNode? value)
    {
        if (value is null) return 200;
        var text = value.ToString();
        if (int.TryParse(text, out var number) && number is >= 100 and <= 599) return number;
        if (!int.TryParse(text, out _) && Enum.TryParse<HttpStatusCode>(text, ignoreCase: true, out var named)) return (int)named;
        throw new InvalidOperationException($"statusCode '{text}' is not an HTTP status. Give a number between 100 and 599 or a name such as \"OK\" or \"NotFound\".");
    }

    /// <summary>Elsa's HttpHeaders: an object (or its JSON text) of names to a value or a list of values.</summary>
    public static Dictionary<string, string[]> Headers(JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var json))
            value = string.IsNullOrWhiteSpace(json) ? null : JsonNode.Parse(json);
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (value is not JsonObject o) return headers;
        foreach (var (name, values) in o)
            headers[name] = values switch
            {
                JsonArray list => [.. list.Select(x => x?.ToString() ?? "")],
                null => [],
                _ => [values.ToString()],
            };
        return headers;
    }
}
