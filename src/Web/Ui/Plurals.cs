using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Ui;

/// <summary>
/// Texts that depend on a count: the resource holds "Key.One" and "Key.Other", chosen by the language's plural rule
/// (CLDR: French treats 0 and 1 as singular, English only 1), so no page writes "élément(s)".
/// </summary>
public static class Plurals
{
    /// <summary>"Key.One" or "Key.Other" for <paramref name="count"/> in the request's language, the count as {0}, <paramref name="more"/> as {1}….</summary>
    public static LocalizedString Plural(this IStringLocalizer localizer, string key, long count, params object[] more) =>
        localizer[$"{key}.{Category(count, CultureInfo.CurrentUICulture)}", [count, .. more]];

    /// <summary>The CLDR plural category ("One" or "Other") of a whole <paramref name="count"/> in <paramref name="culture"/>'s language.</summary>
    public static string Category(long count, CultureInfo culture) => culture.TwoLetterISOLanguageName switch
    {
        "fr" => count is 0 or 1 ? "One" : "Other",
        _ => count == 1 ? "One" : "Other",
    };
}
