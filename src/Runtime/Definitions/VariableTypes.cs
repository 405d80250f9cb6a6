using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallManager.Runtime.Definitions;

/// <summary>
/// Variable types as Elsa writes them (<c>"Int32"</c>, <c>"System.Boolean"</c>, <c>"System.String, System.Private.CoreLib"</c>)
/// and conversion of a value to one, as Elsa converts what SetVariable stores to the variable's declared type.
/// </summary>
public static class VariableTypes
{
    /// <summary>The short type name (<c>"Int32"</c>) of an Elsa type name, or null when none is given.</summary>
    public static string? Normalize(string? typeName)
    {
        if (string.IsNullOrWhiteSpace(typeName)) return null;
        var name = typeName.Split(',')[0].Trim();
        if (name.EndsWith("[]", StringComparison.Ordinal)) return "Array";
        name = name[(name.LastIndexOf('.') + 1)..];
        return name.ToLowerInvariant() switch
        {
            "bool" or "boolean" => "Boolean",
            "int" or "int16" or "int32" or "int64" or "long" or "short" or "byte" or "uint32" or "uint64" => "Int64",
            "double" or "single" or "float" or "decimal" => "Double",
            "string" => "String",
            _ => name,
        };
    }

    /// <summary>
    /// <paramref name="value"/> converted to <paramref name="typeName"/> (strings to booleans and numbers, JSON text to objects);
    /// unchanged for types without a conversion. Throws <see cref="FormatException"/> naming the value and the type when it cannot be.
    /// </summary>
    public static JsonNode? Convert(JsonNode? value, string? typeName, bool isArray = false)
    {
        if (value is null) return null;
        var type = isArray ? "Array" : Normalize(typeName);
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (string.IsNullOrWhiteSpace(text) && text is not null && type is not ("String" or null)) return null; // Elsa writes "" for "no initial value"
        return type switch
        {
            "Boolean" => ToBoolean(value, text),
            "Int64" => ToInteger(value, text, typeName!),
            "Double" => ToDouble(value, text, typeName!),
            "String" => text is not null ? value.DeepClone() : JsonValue.Create(value is JsonValue ? value.ToJsonString().Trim('"') : value.ToJsonString()),
            "Object" or "ExpandoObject" or "JsonObject" or "JsonNode" or "Array" or "JsonArray" or "List`1" => text is not null && ParseJson(text) is { } json ? json : value.DeepClone(),
            _ => value.DeepClone(),
        };
    }

    private static JsonNode ToBoolean(JsonNode value, string? text)
    {
        if (text is not null)
            return bool.TryParse(text.Trim(), out var b) ? JsonValue.Create(b) : throw Refused(text, "Boolean");
        if (Number(value) is { } number) return JsonValue.Create(number != 0);
        return value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.DeepClone() : throw Refused(value.ToJsonString(), "Boolean");
    }

    private static JsonNode ToInteger(JsonNode value, string? text, string typeName)
    {
        if (text is not null)
            return long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l) : throw Refused(text, typeName);
        if (Number(value) is { } d && Math.Abs(d % 1) < double.Epsilon) return JsonValue.Create((long)d);
        throw Refused(value.ToJsonString(), typeName);
    }

    private static JsonNode ToDouble(JsonNode value, string? text, string typeName)
    {
        if (text is not null)
            return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : throw Refused(text, typeName);
        return Number(value) is { } number ? JsonValue.Create(number) : throw Refused(value.ToJsonString(), typeName);
    }

    /// <summary>A JSON number as a double, whatever CLR type the value holds (scripts give ints, doubles or elements).</summary>
    private static double? Number(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.Number && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static JsonNode? ParseJson(string text)
    {
        try { return text.TrimStart() is { Length: > 0 } t && t[0] is '{' or '[' ? JsonNode.Parse(text) : null; }
        catch (JsonException) { return null; }
    }

    private static FormatException Refused(string value, string typeName) =>
        new($"the value {value} cannot be converted to the variable's type {typeName}");
}
