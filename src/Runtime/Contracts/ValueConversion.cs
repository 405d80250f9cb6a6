using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallManager.Runtime.Contracts;

/// <summary>Lenient conversion of JSON values to CLR types, as expressions return strings, numbers or booleans.</summary>
internal static class ValueConversion
{
    public static T? To<T>(JsonNode? value)
    {
        if (value is null) return default;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (value is JsonValue v && v.TryGetValue<string>(out var text) && target != typeof(string))
            return (T?)FromText(text, target);
        if (target == typeof(bool) && value is JsonValue b && b.TryGetValue<double>(out var number)) return (T)(object)(number != 0);
        if (target == typeof(string) && value is JsonValue s && !s.TryGetValue<string>(out _)) return (T)(object)s.ToJsonString().Trim('"');
        return value.Deserialize<T>();
    }

    private static object? FromText(string text, Type target)
    {
        if (target == typeof(DateTimeOffset)) return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
        if (target == typeof(DateTime)) return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        if (target == typeof(TimeSpan)) return TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        if (target == typeof(bool)) return bool.Parse(text);
        if (target == typeof(Guid)) return Guid.Parse(text);
        if (target.IsEnum) return Enum.Parse(target, text, ignoreCase: true);
        if (target == typeof(string[])) return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return System.Convert.ChangeType(text, target, CultureInfo.InvariantCulture);
    }
}
