using System.Globalization;
using System.Resources;
using CallManager.Web.Hosting;
using CallManager.Domain.Common;

namespace CallManager.Web.Ui;

/// <summary>
/// Shows the domain's texts (refusals and their field messages) in a culture: French templates come from
/// <c>Resources/DomainText.resx</c>, keyed by the English template; English, or a template not translated yet, stays English.
/// </summary>
public static class DomainTexts
{
    private static readonly ResourceManager French = new("CallManager.Web.Resources.DomainText", typeof(DomainTexts).Assembly);

    /// <summary>The French culture of the refusals.</summary>
    public static readonly CultureInfo FrenchCulture = CultureInfo.GetCultureInfo("fr");

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>
    /// The language an answer is written in: for the API, French when the client's Accept-Language prefers it to English and
    /// English otherwise (<see cref="DomainExceptionHandler.AsksForFrench"/>; the pages' French default does not apply); for
    /// pages the request's culture; outside a request (command line, start-up), French when the process culture is French,
    /// English otherwise.
    /// </summary>
    public static CultureInfo ReaderCulture(HttpContext? http) => http is not null && UiSetup.IsApi(http)
        ? DomainExceptionHandler.AsksForFrench(http.Request) ? FrenchCulture : English
        : CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr" ? FrenchCulture : English;

    /// <summary>The template in <paramref name="culture"/>'s language, or null when it has no translation (English needs none).</summary>
    public static string? Translation(string template, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "fr" ? French.GetString(template, CultureInfo.InvariantCulture) : null;

    /// <summary>The text in <paramref name="culture"/>: translated template, values (and nested texts) formatted in that culture.</summary>
    public static string Show(this LocalizableText text, CultureInfo culture) =>
        text.Format(culture, Translation(text.Template, culture), value => value switch
        {
            LocalizableText nested => nested.Show(culture),
            CapitalizedText raised => CapitalizedText.Raise(raised.Text.Show(culture), culture),
            // An enum member shown in a sentence ("This grant is Closed") is translated by the key "Type.Member".
            Enum member => Translation($"{member.GetType().Name}.{member}", culture) ?? (object)member,
            _ => value,
        });

    /// <summary>The text in the request's culture.</summary>
    public static string Localized(this LocalizableText text) => text.Show(CultureInfo.CurrentUICulture);

    /// <summary>The refusal's message in the request's culture.</summary>
    public static string Localized(this DomainException refusal) => refusal.Localized(CultureInfo.CurrentUICulture);

    /// <summary>The refusal's message in <paramref name="culture"/>.</summary>
    public static string Localized(this DomainException refusal, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" ? refusal.Message : refusal.Text.Show(culture);

    /// <summary>The refusal's field messages in <paramref name="culture"/> (the English <see cref="DomainException.Errors"/> for English).</summary>
    public static IReadOnlyDictionary<string, string[]> LocalizedErrors(this DomainException refusal, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" ? refusal.Errors
            : refusal.FieldTexts.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Show(culture)).ToArray());

    /// <summary>The refusal's field messages in the request's culture.</summary>
    public static IReadOnlyDictionary<string, string[]> LocalizedErrors(this DomainException refusal) => refusal.LocalizedErrors(CultureInfo.CurrentUICulture);

    /// <summary>The field messages, or the message alone when there are none: what a form shows at the top.</summary>
    public static IEnumerable<string> LocalizedProblems(this DomainException refusal) =>
        refusal.FieldTexts.Count == 0 ? [refusal.Localized()] : refusal.LocalizedErrors().SelectMany(e => e.Value);
}
