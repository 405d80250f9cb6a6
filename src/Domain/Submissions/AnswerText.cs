using System.Globalization;
using System.Text.Json.Nodes;
using CallManager.Domain.Calls;

namespace CallManager.Domain.Submissions;

/// <summary>
/// A dossier's answer as every reader sees it, in one code for the applicant's recap, the juror's and the officer's pages and
/// the receipt PDF: amounts in euros, numbers grouped, a date in words, choices listed, text as typed; null when unanswered.
/// </summary>
public static class AnswerText
{
    /// <summary><paramref name="value"/>, the answer to <paramref name="field"/>, as text in <paramref name="language"/> ("fr" or "en"); null when nothing was answered.</summary>
    public static string? Format(FormField field, JsonNode? value, string language)
    {
        if (value is null) return null;
        var culture = Culture(language);
        if (field.Type is FieldType.Amount && FormValidator.TryDecimal(value, out var amount)) return Euros(amount, language);
        if (field.Type is FieldType.Number && FormValidator.TryDecimal(value, out var number)) return number.ToString("#,0.##", culture);
        if (value is JsonArray) return Values(value) is { Count: > 0 } chosen ? string.Join(", ", chosen) : null;
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        if (field.Type is FieldType.Date && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date.ToString("d MMMM yyyy", culture);
        return text.Trim().Length == 0 ? null : text;
    }

    /// <summary>The chosen values of a multiple-choice answer, in the order given.</summary>
    public static IReadOnlyList<string> Values(JsonNode? value) =>
        value is JsonArray array ? array.Select(i => i is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0).ToList() : [];

    /// <summary>"12 500 €" in French, "€12,500" in English, cents only when there are some.</summary>
    public static string Euros(decimal amount, string language)
    {
        var format = amount == decimal.Truncate(amount) ? "N0" : "N2";
        return language == "en" ? "€" + amount.ToString(format, Culture("en")) : amount.ToString(format, Culture("fr")) + "\u00a0€";
    }

    private static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "fr-FR");
}
