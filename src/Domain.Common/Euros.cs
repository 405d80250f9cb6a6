using System.Globalization;

namespace CallManager.Domain.Common;

/// <summary>
/// An amount in euros that formats itself in the reader's culture: "800,000.00 €" in English, "800 000,00 €" in French.
/// Pass it (not a string) into a <see cref="LocalizableText"/> so a translated refusal shows the French figure.
/// </summary>
public readonly record struct Euros(decimal Amount) : IFormattable
{
    /// <summary>The amount with two decimals and the euro sign, in <paramref name="provider"/>'s language (English otherwise).</summary>
    public string ToString(string? format, IFormatProvider? provider) =>
        provider is CultureInfo { TwoLetterISOLanguageName: "fr" } french
            ? Amount.ToString("N2", french) + "\u00A0€"
            : Amount.ToString("N2", CultureInfo.InvariantCulture) + " €";

    /// <summary>The English form, "800,000.00 €".</summary>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
}
