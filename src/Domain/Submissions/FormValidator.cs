using CallManager.Domain.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Calls;

namespace CallManager.Domain.Submissions;

/// <summary>Checks answers against a call's form: types and limits always, required fields and files only when complete.</summary>
public static class FormValidator
{
    /// <summary>Problems by field key (empty when valid). <paramref name="complete"/> also checks required answers and files.</summary>
    public static Dictionary<string, LocalizableText[]> Validate(ApplicationForm form, JsonObject answers, IEnumerable<Attachment> attachments, bool complete, string language = "en")
    {
        var errors = new Dictionary<string, LocalizableText[]>();
        foreach (var (key, _) in answers)
            if (form.Field(key) is null) errors[key] = [$"'{key}' is not a field of this call's form."];
        var files = attachments.Select(a => a.FieldKey).ToHashSet();
        foreach (var field in form.Fields)
        {
            var value = answers[field.Key];
            var present = field.Type == FieldType.File ? files.Contains(field.Key) : !IsEmpty(value);
            if (!present)
            {
                if (complete && field.Required) errors[field.Key] = [$"{field.Label(language)}: this answer is required."];
                continue;
            }
            if (field.Type != FieldType.File && Check(field, value!, language) is { } problem) errors[field.Key] = [problem];
        }
        return errors;
    }

    /// <summary>
    /// Territory answers in their stored form, read from the official list: a commune as "Cahors (46042)", a département or a
    /// région by its official name, whether given by code, label or name (so every page and export shows them readably).
    /// </summary>
    public static void Normalise(ApplicationForm form, JsonObject answers)
    {
        var territories = Territories.Territories.Official;
        foreach (var field in form.Fields.Where(f => f.Type is FieldType.Commune or FieldType.Departement or FieldType.Region))
        {
            if (answers[field.Key] is not JsonValue v || !v.TryGetValue<string>(out var text)) continue;
            var stored = field.Type switch
            {
                FieldType.Commune => territories.ResolveCommune(text) is { } c ? Territories.Territories.Label(c) : null,
                FieldType.Departement => territories.ResolveDepartement(text)?.Name,
                _ => territories.ResolveRegion(text)?.Name,
            };
            if (stored is not null) answers[field.Key] = stored;
        }
    }

    private static bool IsEmpty(JsonNode? value) => value is null
        || (value is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s))
        || (value is JsonArray a && a.Count == 0);

    private static LocalizableText? Check(FormField field, JsonNode value, string language)
    {
        var label = field.Label(language);
        switch (field.Type)
        {
            case FieldType.ShortText or FieldType.LongText:
                if (!TryString(value, out var text)) return $"{label}: expected text.";
                var max = field.MaxLength ?? (field.Type == FieldType.ShortText ? 300 : 20000);
                if (text.Length > max) return $"{label}: {text.Length} characters, at most {max} allowed.";
                return null;
            case FieldType.Number or FieldType.Amount:
                if (!TryDecimal(value, out var number)) return $"{label}: expected a number.";
                if (field.Type == FieldType.Amount && (number < 0 || decimal.Round(number, 2) != number)) return $"{label}: expected an amount in euros with at most 2 decimals.";
                if (field.Min is { } min && number < min) return $"{label}: at least {min}.";
                if (field.Max is { } mx && number > mx) return $"{label}: at most {mx}.";
                return null;
            case FieldType.Date:
                if (!TryString(value, out var d) || !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return $"{label}: expected a date as YYYY-MM-DD.";
                // A year outside these is a typo (0001-01-01) rather than a date anyone means in a dossier.
                if (date.Year is < 1800 or > 2100) return $"{label}: expected a date between 1800 and 2100.";
                return null;
            case FieldType.SingleChoice:
                if (TryString(value, out var c) && field.Choices.Contains(c)) return null;
                return $"{label}: choose one of {string.Join(", ", field.Choices)}.";
            case FieldType.MultipleChoice:
                if (value is JsonArray arr && arr.All(i => i is not null && TryString(i, out var s) && field.Choices.Contains(s))) return null;
                return $"{label}: choose among {string.Join(", ", field.Choices)} (a list).";
            case FieldType.Commune:
                if (TryString(value, out var commune) && Territories.Territories.Official.ResolveCommune(commune) is not null) return null;
                return $"{label}: '{Shown(value)}' is not a commune of the official list; choose one from the list (name and INSEE code).";
            case FieldType.Departement:
                if (TryString(value, out var departement) && Territories.Territories.Official.ResolveDepartement(departement) is not null) return null;
                return $"{label}: '{Shown(value)}' is not a département of the official list; choose one from the list.";
            case FieldType.Region:
                if (TryString(value, out var region) && Territories.Territories.Official.ResolveRegion(region) is not null) return null;
                return $"{label}: '{Shown(value)}' is not a région of the official list; choose one from the list.";
            default:
                return null;
        }
    }

    private static string Shown(JsonNode value) => TryString(value, out var text) ? text : value.ToJsonString();

    private static bool TryString(JsonNode node, out string value)
    {
        value = "";
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.TryGetValue(out value!);
    }

    /// <summary>Reads a JSON number (or a numeric string) as a decimal.</summary>
    public static bool TryDecimal(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue v) return false;
        if (v.GetValueKind() == JsonValueKind.Number) return v.TryGetValue(out value) || decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        return v.GetValueKind() == JsonValueKind.String && decimal.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
