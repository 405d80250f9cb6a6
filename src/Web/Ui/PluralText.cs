using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Ui;

/// <summary>
/// Messages whose words agree with a count: the resource file holds a "<c>Key.One</c>" and a "<c>Key.Other</c>" form, chosen by
/// the language's CLDR cardinal rule (French: 0 and 1 are singular; English: only 1), and the count is written by the culture.
/// </summary>
public static class PluralText
{
    /// <summary>The form of <paramref name="key"/> that agrees with <paramref name="count"/>, formatted with the count first, then <paramref name="more"/>.</summary>
    public static LocalizedString Plural(this IStringLocalizer text, string key, decimal count, params object[] more)
    {
        var form = IsOne(count, CultureInfo.CurrentUICulture) ? ".One" : ".Other";
        return text[key + form, [Count(count), .. more]];
    }

    /// <summary>True when <paramref name="count"/> takes the singular in <paramref name="culture"/>'s language (CLDR "one" category).</summary>
    public static bool IsOne(decimal count, CultureInfo culture) => culture.TwoLetterISOLanguageName switch
    {
        "fr" => Math.Abs(count) < 2, // CLDR fr: i = 0,1
        _ => count == 1,
    };

    /// <summary>A count in the page's culture, with its group separator ("1 234" in French, "1,234" in English).</summary>
    public static string Count(decimal count) =>
        count.ToString(count == decimal.Truncate(count) ? "N0" : "N2", CultureInfo.CurrentCulture);
}
