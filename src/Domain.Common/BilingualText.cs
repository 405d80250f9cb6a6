using System.Globalization;

namespace CallManager.Domain.Common;

/// <summary>
/// A text written by people in both languages (a call's rule, a field label): passed as a value into a
/// <see cref="LocalizableText"/>, it shows its French form to a French reader and its English form otherwise.
/// </summary>
public readonly record struct BilingualText(string French, string English) : IFormattable
{
    /// <summary>The text in <paramref name="language"/> ("fr" or "en").</summary>
    public string In(string language) => language == "en" ? English : French;

    /// <summary>The French form for a French culture, the English one otherwise.</summary>
    public string ToString(string? format, IFormatProvider? provider) =>
        provider is CultureInfo { TwoLetterISOLanguageName: "fr" } ? French : English;

    /// <summary>The English form.</summary>
    public override string ToString() => English;
}
