using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallManager.Runtime.Http;

/// <summary>
/// An inbound HTTP request as the runtime sees it (the web host builds it; the runtime knows nothing of ASP.NET): the method, the
/// path below the prefix, the query, the headers, the body read within the size limit, and who sent it, to select the instance.
/// </summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path below the prefix, e.g. <c>/orders/42</c>.</param>
/// <param name="Query">The query string values (the first of each name).</param>
/// <param name="Headers">The request headers (the first of each name; credentials left out by the web host).</param>
/// <param name="Body">The body as text, or null when empty.</param>
/// <param name="ContentType">The body's media type, if any.</param>
/// <param name="CorrelationId">Elsa's <c>correlationId</c> (query) or <c>X-Correlation-ID</c> (header): the instance to resume.</param>
/// <param name="InstanceId">Elsa's <c>workflowInstanceId</c> (query) or <c>X-Workflow-Instance-ID</c> (header).</param>
/// <param name="UserName">The authenticated user's name, if any (journal only).</param>
public sealed record HttpRequestStimulus(string Method, string Path, IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers, string? Body, string? ContentType, string? CorrelationId = null, Guid? InstanceId = null,
    string? UserName = null)
{
    /// <summary>The payload given to the HttpEndpoint activity: Elsa's outputs (parsed content, route data, query, headers) and the request.</summary>
    public JsonObject ToPayload(IReadOnlyDictionary<string, string> routeValues) => new()
    {
        ["method"] = Method,
        ["path"] = Path,
        ["routeData"] = ToObject(routeValues),
        ["queryStringData"] = ToObject(Query),
        ["headers"] = ToObject(Headers),
        ["parsedContent"] = ParseContent(Body, ContentType),
        ["body"] = Body,
        ["contentType"] = ContentType,
    };

    private static JsonObject ToObject(IReadOnlyDictionary<string, string> values) =>
        new(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)JsonValue.Create(v.Value))));

    /// <summary>JSON bodies parsed (as Elsa's ParsedContent); form bodies as an object of fields; anything else as text.</summary>
    private static JsonNode? ParseContent(string? body, string? contentType)
    {
        if (string.IsNullOrEmpty(body)) return null;
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                return JsonNode.Parse(body);
            }
            catch (JsonException e)
            {
                throw new HttpBadRequestException($"The request body is not valid JSON ({e.Message}). Fix the body or send another content type.");
            }
        }
        if (contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            return new JsonObject(body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2))
                .GroupBy(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')))
                .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)JsonValue.Create(g.Last().Length > 1 ? Uri.UnescapeDataString(g.Last()[1].Replace('+', ' ')) : ""))));
        return JsonValue.Create(body);
    }
}

/// <summary>A request the endpoint cannot take as it is (a body that does not parse): answered 400 with the message.</summary>
public sealed class HttpBadRequestException(string message) : Exception(message);
