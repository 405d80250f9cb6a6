using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CallManager.Web.Tests.Contract;

/// <summary>
/// Bad and edge requests for one OpenAPI operation, generated from its parameters and body schema: ids that exist and that do
/// not, every query parameter at an edge (huge, negative, malformed, year 0001), bodies missing, malformed, of the wrong
/// type, empty, and filled with edge values (10,000-character strings, -1e30, dates in year 1, unknown enum members), multipart
/// without a file or with a hostile file name.
/// </summary>
public sealed class ContractInputs(SchemaCheck schemas, IReadOnlyDictionary<string, string> knownIds)
{
    /// <summary>The requests to send for <paramref name="method"/> <paramref name="path"/>, each with a short label.</summary>
    public IEnumerable<(string Label, Func<HttpRequestMessage> Request)> For(string path, string method, JsonObject operation)
    {
        var parameters = (operation["parameters"] as JsonArray ?? []).Select(p => p!.AsObject()).ToList();
        var query = parameters.Where(p => p["in"]?.GetValue<string>() == "query").ToList();
        foreach (var (label, url) in Urls(path, parameters))
        {
            yield return ($"{label}, no query", () => new HttpRequestMessage(new HttpMethod(method), url));
            if (query.Count > 0)
            {
                var edge = url + "?" + string.Join("&", query.Select(p => $"{p["name"]}={Uri.EscapeDataString(EdgeQuery(p["schema"]))}"));
                yield return ($"{label}, edge query", () => new HttpRequestMessage(new HttpMethod(method), edge));
            }
            var content = operation["requestBody"]?["content"] as JsonObject;
            if (content?["application/json"]?["schema"] is { } schema)
            {
                foreach (var (bodyLabel, body) in new[] { ("malformed body", "{"), ("array body", "[]"), ("empty object", "{}"), ("edge body", Edge(schema, 0)?.ToJsonString() ?? "null") })
                    yield return ($"{label}, {bodyLabel}", () => new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
                yield return ($"{label}, text body", () => new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("hello", Encoding.UTF8, "text/plain") });
            }
            if (content?["multipart/form-data"]?["schema"] is { } form)
            {
                yield return ($"{label}, valid file", () => Multipart(method, url, form, withFile: true));
                yield return ($"{label}, missing file", () => Multipart(method, url, form, withFile: false));
                yield return ($"{label}, wrong content type", () => new HttpRequestMessage(new HttpMethod(method), url)
                {
                    Content = new StringContent("{\"fieldKey\":\"statutes\",\"file\":\"JVBERi0=\"}", Encoding.UTF8, "application/json"),
                });
                yield return ($"{label}, empty multipart", () => new HttpRequestMessage(new HttpMethod(method), url) { Content = new MultipartFormDataContent() });
                yield return ($"{label}, hostile file name", () =>
                {
                    var form = new MultipartFormDataContent { { new StringContent("statutes"), "fieldKey" } };
                    var file = new ByteArrayContent("junk"u8.ToArray());
                    file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                    form.Add(file, "file", "../../etc/passwd\0\u202Efdp.exe");
                    return new HttpRequestMessage(new HttpMethod(method), url) { Content = form };
                });
            }
        }
    }

    /// <summary>A small valid PDF, recognised from its content.</summary>
    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    /// <summary>
    /// The multipart body <paramref name="form"/> describes: every text field of the schema with a plausible value (a file field key,
    /// an empty JSON object of figures), and a valid PDF in each binary part when <paramref name="withFile"/>.
    /// </summary>
    private static HttpRequestMessage Multipart(string method, string url, JsonNode form, bool withFile)
    {
        var body = new MultipartFormDataContent();
        foreach (var (name, property) in form["properties"] as JsonObject ?? [])
        {
            if (property?["format"]?.GetValue<string>() == "binary")
            {
                if (!withFile) continue;
                var file = new ByteArrayContent(Pdf);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                body.Add(file, name, "statuts.pdf");
            }
            else body.Add(new StringContent(name switch { "fieldKey" => "statutes", "indicators" => "{}", _ => "Contract test." }), name);
        }
        return new HttpRequestMessage(new HttpMethod(method), url) { Content = body };
    }

    /// <summary>The URL with known ids in its path parameters (when the name is known), then with unknown ones.</summary>
    private IEnumerable<(string Label, string Url)> Urls(string path, List<JsonObject> parameters)
    {
        var route = parameters.Where(p => p["in"]?.GetValue<string>() == "path").ToList();
        if (route.Count == 0) { yield return ("no id", path); yield break; }
        string Fill(Func<JsonObject, string> value) => route.Aggregate(path, (url, p) => url.Replace($"{{{p["name"]}}}", Uri.EscapeDataString(value(p))));
        yield return ("known ids", Fill(p => KnownId(path, p["name"]!.GetValue<string>()) ?? Unknown(p)));
        yield return ("unknown ids", Fill(Unknown));
    }

    /// <summary>The known id for parameter <paramref name="name"/>: by its segment first (<c>applications/{id}</c>), then by its name.</summary>
    private string? KnownId(string path, string name)
    {
        var segments = path.Split('/');
        var at = Array.IndexOf(segments, $"{{{name}}}");
        if (at > 0 && knownIds.TryGetValue($"{segments[at - 1]}/{{{name}}}", out var bySegment)) return bySegment;
        return knownIds.TryGetValue(name, out var id) ? id : null;
    }

    private static string Unknown(JsonObject parameter) =>
        parameter["schema"]?["format"]?.GetValue<string>() == "uuid" ? Guid.NewGuid().ToString() : "x";

    private string EdgeQuery(JsonNode? schema)
    {
        schema = schema?["$ref"] is { } reference ? schemas.Resolve(reference.GetValue<string>()) : schema;
        var types = TypesOf(schema);
        if (schema?["enum"] is not null) return "NotAMember";
        if (types.Contains("integer")) return "-99999999999";
        if (types.Contains("number")) return "-1e309";
        if (types.Contains("boolean")) return "maybe";
        return schema?["format"]?.GetValue<string>() switch
        {
            "uuid" => "not-a-guid",
            "date-time" or "date" => "0001-01-01",
            _ => new string('x', 2000),
        };
    }

    /// <summary>A value of <paramref name="schema"/>'s shape filled with edge values.</summary>
    private JsonNode? Edge(JsonNode schema, int depth)
    {
        if (schema["$ref"] is { } reference) return depth > 4 ? null : Edge(schemas.Resolve(reference.GetValue<string>()), depth + 1);
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray alternatives)
            return alternatives.Select(a => a!).FirstOrDefault(a => a["type"]?.ToString() != "null") is { } first ? Edge(first, depth) : null;
        if (schema["enum"] is JsonArray members) return members.FirstOrDefault()?.DeepClone();
        var types = TypesOf(schema);
        if (types.Contains("object") || schema["properties"] is not null)
        {
            var obj = new JsonObject();
            foreach (var (name, property) in schema["properties"] as JsonObject ?? []) obj[name] = depth > 4 ? null : Edge(property!, depth + 1);
            return obj;
        }
        if (types.Contains("array")) return schema["items"] is { } items && depth <= 4 ? new JsonArray(Edge(items, depth + 1)) : new JsonArray();
        if (types.Contains("integer")) return JsonValue.Create(-2147483648L);
        if (types.Contains("number")) return JsonValue.Create(-1e30);
        if (types.Contains("boolean")) return JsonValue.Create(true);
        return schema["format"]?.GetValue<string>() switch
        {
            "uuid" => JsonValue.Create(Guid.NewGuid()),
            "date-time" => JsonValue.Create("0001-01-01T00:00:00"),
            "date" => JsonValue.Create("0001-01-01"),
            _ when schema["pattern"] is not null => JsonValue.Create("0001-01-01T00:00:00"),
            _ => JsonValue.Create(new string('A', 10_000)),
        };
    }

    private static List<string> TypesOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };
}
