using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallManager.Web.Tests.Contract;

/// <summary>
/// The JSON Schema keywords the app's OpenAPI 3.1 document uses ($ref into components, type and its null, properties,
/// required, items, additionalProperties, oneOf/anyOf/allOf, enum, pattern, format date-time with its offset), checked on a
/// response body; returns what does not match, by JSON path.
/// </summary>
public sealed class SchemaCheck(JsonNode document)
{
    /// <summary>The mismatches of <paramref name="value"/> against <paramref name="schema"/>, empty when it matches.</summary>
    public List<string> Mismatches(JsonNode schema, JsonNode? value, string at = "$", int depth = 0)
    {
        var problems = new List<string>();
        if (depth > 30) return problems;
        if (schema["$ref"]?.GetValue<string>() is { } reference) return Mismatches(Resolve(reference), value, at, depth + 1);
        if (schema["allOf"] is JsonArray all)
            foreach (var part in all) problems.AddRange(Mismatches(part!, value, at, depth + 1));
        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema[keyword] is not JsonArray alternatives) continue;
            if (!alternatives.Any(a => Mismatches(a!, value, at, depth + 1).Count == 0))
                problems.Add($"{at}: matches none of the {keyword} alternatives: {Snippet(value)}");
        }
        var kind = KindOf(value);
        if (schema["type"] is { } type)
        {
            var allowed = type is JsonArray many ? many.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!allowed.Contains(kind) && !(kind == "integer" && allowed.Contains("number")))
                return [.. problems, $"{at}: a {kind} where the schema says {string.Join(" or ", allowed)}: {Snippet(value)}"];
        }
        if (schema["enum"] is JsonArray values && value is not null && !values.Any(v => JsonNode.DeepEquals(v, value)))
            problems.Add($"{at}: {Snippet(value)} is not one of {values.ToJsonString()}");
        if (value is JsonValue text && kind == "string")
        {
            var s = text.GetValue<string>();
            if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(s, pattern))
                problems.Add($"{at}: '{s}' does not match the pattern {pattern}");
            if (schema["format"]?.GetValue<string>() == "date-time" && !Regex.IsMatch(s, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"))
                problems.Add($"{at}: '{s}' is not an RFC 3339 date-time with its offset");
        }
        if (value is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            foreach (var required in schema["required"] as JsonArray ?? [])
                if (!obj.ContainsKey(required!.GetValue<string>())) problems.Add($"{at}: the required property {required} is missing");
            foreach (var (name, child) in obj)
            {
                if (properties?[name] is { } property) problems.AddRange(Mismatches(property, child, $"{at}.{name}", depth + 1));
                else if (schema["additionalProperties"] is JsonObject extra) problems.AddRange(Mismatches(extra, child, $"{at}.{name}", depth + 1));
            }
        }
        if (value is JsonArray array && schema["items"] is { } items)
            foreach (var (item, i) in array.Take(20).Select((item, i) => (item, i)))
                problems.AddRange(Mismatches(items, item, $"{at}[{i}]", depth + 1));
        return problems;
    }

    /// <summary>The schema a local <c>$ref</c> points to.</summary>
    public JsonNode Resolve(string reference)
    {
        JsonNode? node = document;
        foreach (var segment in reference.TrimStart('#', '/').Split('/')) node = node?[segment.Replace("~1", "/").Replace("~0", "~")];
        return node ?? throw new InvalidOperationException($"The OpenAPI document has no {reference}.");
    }

    private static string KindOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && !v.ToJsonString().Contains('.') ? "integer" : "number",
            _ => "null",
        },
        _ => "unknown",
    };

    private static string Snippet(JsonNode? value)
    {
        var json = value?.ToJsonString() ?? "null";
        return json.Length > 120 ? json[..120] + "…" : json;
    }
}
