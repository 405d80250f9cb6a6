using System.Globalization;
using System.Text.Json.Nodes;
using CallManager.Domain.Calls;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Http;

namespace CallManager.Web.Ui;

/// <summary>One field of a dossier form as the editor shows it: its answer as typed, its errors and its files.</summary>
public sealed record AnswerField(FormField Field, string Value, IReadOnlyList<string> Values, IReadOnlyList<string> Errors, IReadOnlyList<AttachmentView> Files)
{
    /// <summary>The form-post name and the ModelState key: <c>a.{key}</c>; the element id is <c>a_{key}</c>.</summary>
    public string Name => AnswerForm.NameOf(Field.Key);
    public string Id => "a_" + Field.Key;
}

/// <summary>
/// Reads a dossier form section from a form post into the JSON answers the domain validates, and shows stored
/// answers back in the page's culture. Only input syntax is handled here (numbers as typed in French or English);
/// every rule about answers stays in the domain's form validator.
/// </summary>
public static class AnswerForm
{
    public static string NameOf(string key) => "a." + key;

    /// <summary>The answers of <paramref name="fields"/> posted in <paramref name="form"/>; unreadable numbers are returned as problems.</summary>
    public static (JsonObject Answers, Dictionary<string, string> Unreadable) Read(IEnumerable<FormField> fields, IFormCollection form)
    {
        var answers = new JsonObject();
        var unreadable = new Dictionary<string, string>();
        foreach (var field in fields.Where(f => f.Type != FieldType.File))
        {
            var posted = form[NameOf(field.Key)];
            if (field.Type == FieldType.MultipleChoice)
            {
                answers[field.Key] = posted.Count == 0 ? null : new JsonArray(posted.Where(v => !string.IsNullOrEmpty(v)).Select(v => (JsonNode)JsonValue.Create(v!)).ToArray());
                continue;
            }
            var text = posted.ToString().Trim();
            if (text.Length == 0) { answers[field.Key] = null; continue; }
            if (field.Type is FieldType.Number or FieldType.Amount)
            {
                if (TryNumber(text, out var number)) answers[field.Key] = number;
                else unreadable[field.Key] = text;
            }
            else answers[field.Key] = text;
        }
        return (answers, unreadable);
    }

    /// <summary>A stored answer as the input shows it (numbers in the page's culture, without grouping).</summary>
    public static string Show(FormField field, JsonNode? value)
    {
        if (value is null) return "";
        if (field.Type is FieldType.Number or FieldType.Amount && FormValidator.TryDecimal(value, out var number))
            return number.ToString("0.##", CultureInfo.CurrentCulture);
        return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
    }

    /// <summary>The chosen values of a multiple-choice answer.</summary>
    public static List<string> ShowMany(JsonNode? value) => AnswerText.Values(value).ToList();

    internal static bool TryNumber(string text, out decimal number)
    {
        // "12 500,50" (French), "12,500.50" (English), "12500.5": spaces and the culture's group separator are ignored.
        var compact = text.Replace(" ", "").Replace("\u00a0", "").Replace("\u202f", "").Replace("€", "");
        return decimal.TryParse(compact, NumberStyles.Number, CultureInfo.CurrentCulture, out number)
            || decimal.TryParse(compact, NumberStyles.Number, CultureInfo.InvariantCulture, out number);
    }
}
