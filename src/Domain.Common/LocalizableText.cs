using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CallManager.Domain.Common;

/// <summary>
/// A text for people, kept as an English composite-format template ("The budget of {0:C} is exceeded.") and its values,
/// so the presentation layer can translate the template and format the values in the reader's culture.
/// </summary>
/// <remarks>
/// It is also an interpolated string handler: a method taking a <see cref="LocalizableText"/> accepts
/// <c>$"The budget of {budget:C} is exceeded."</c> and captures the template and the values; a plain string converts
/// implicitly (its braces escaped), as a template without values. <see cref="ToString()"/> gives the English text.
/// </remarks>
[InterpolatedStringHandler]
public sealed class LocalizableText
{
    private readonly StringBuilder? builder;
    private readonly List<object?> values;
    private string? template;

    /// <summary>Starts capturing an interpolated string (called by the compiler).</summary>
    public LocalizableText(int literalLength, int formattedCount)
    {
        builder = new StringBuilder(literalLength + formattedCount * 4);
        values = new List<object?>(formattedCount);
    }

    private LocalizableText(string template, IEnumerable<object?> values)
    {
        this.template = template;
        this.values = values.ToList();
    }

    /// <summary>The English composite-format template: literal braces doubled, values as {0}, {1:C}, {2,5}.</summary>
    public string Template => template ??= builder!.ToString();

    /// <summary>The values of the template's placeholders, in order; a value may itself be a <see cref="LocalizableText"/>.</summary>
    public IReadOnlyList<object?> Values => values;

    /// <summary>A text from a ready template and its values (for code that builds templates itself).</summary>
    public static LocalizableText FromTemplate(string template, params object?[] values) => new(template, values);

    /// <summary>Texts one after the other with <paramref name="separator"/> between them, each still translatable.</summary>
    public static LocalizableText Join(string separator, IEnumerable<LocalizableText> texts)
    {
        var parts = texts.ToList();
        return new(string.Join(Escape(separator), parts.Select((_, i) => $"{{{i}}}")), parts);
    }

    /// <summary>
    /// "; " between clauses of one sentence, as a translatable text: French writes it with a no-break space before the
    /// semicolon. Pass it to <see cref="Join(LocalizableText, IEnumerable{LocalizableText})"/>.
    /// </summary>
    public static readonly LocalizableText Semicolon = "; ";

    /// <summary>
    /// Texts one after the other with the translatable <paramref name="separator"/> (e.g. <see cref="Semicolon"/>) between
    /// them, each still translatable.
    /// </summary>
    public static LocalizableText Join(LocalizableText separator, IEnumerable<LocalizableText> texts)
    {
        var parts = new List<object?>();
        foreach (var text in texts)
        {
            if (parts.Count > 0) parts.Add(separator);
            parts.Add(text);
        }
        return new(string.Concat(parts.Select((_, i) => $"{{{i}}}")), parts);
    }

    /// <summary>
    /// The same text with every value (nested texts' values too) passed through <paramref name="replace"/>, e.g. to show
    /// names instead of ids.
    /// </summary>
    public LocalizableText WithValues(Func<object?, object?> replace) =>
        new(Template, values.Select(v => v is LocalizableText nested ? nested.WithValues(replace) : replace(v)));

    /// <summary>A plain text: no values, braces kept as they are.</summary>
    public static implicit operator LocalizableText(string text) => new(Escape(text ?? ""), []);

    /// <summary>Appends a literal part of the interpolated string (called by the compiler).</summary>
    public void AppendLiteral(string value) => builder!.Append(Escape(value));

    /// <summary>Appends a value (called by the compiler).</summary>
    public void AppendFormatted<T>(T value) => AppendHole(value, 0, null);

    /// <summary>Appends a value with its format, e.g. {amount:C} (called by the compiler).</summary>
    public void AppendFormatted<T>(T value, string? format) => AppendHole(value, 0, format);

    /// <summary>Appends a value with its alignment (called by the compiler).</summary>
    public void AppendFormatted<T>(T value, int alignment) => AppendHole(value, alignment, null);

    /// <summary>Appends a value with its alignment and format (called by the compiler).</summary>
    public void AppendFormatted<T>(T value, int alignment, string? format) => AppendHole(value, alignment, format);

    /// <summary>Appends a span of characters as a string value (called by the compiler).</summary>
    public void AppendFormatted(ReadOnlySpan<char> value) => AppendHole(value.ToString(), 0, null);

    /// <summary>
    /// The text in <paramref name="culture"/>: <paramref name="translatedTemplate"/> (the English template when null) with
    /// the values formatted in that culture; <paramref name="translateValue"/> may first replace values (nested texts,
    /// enum members) by their translation; without it nested texts are English.
    /// </summary>
    public string Format(CultureInfo culture, string? translatedTemplate = null, Func<object?, object?>? translateValue = null)
    {
        var args = values.Select(v => translateValue is null ? (v is LocalizableText nested ? nested.Format(culture) : v) : translateValue(v)).ToArray();
        try
        {
            return string.Format(culture, translatedTemplate ?? Template, args);
        }
        catch (FormatException) when (translatedTemplate is not null)
        {
            // A translation with a broken placeholder must never hide the refusal: fall back to English.
            return string.Format(culture, Template, args);
        }
    }

    /// <summary>The English text, values formatted in the invariant culture (so an English message never shows French figures).</summary>
    public override string ToString() => Format(CultureInfo.InvariantCulture);

    private void AppendHole(object? value, int alignment, string? format)
    {
        builder!.Append('{').Append(values.Count);
        if (alignment != 0) builder.Append(',').Append(alignment);
        if (!string.IsNullOrEmpty(format)) builder.Append(':').Append(Escape(format));
        builder.Append('}');
        values.Add(value);
    }

    private static string Escape(string text) => text.Replace("{", "{{").Replace("}", "}}");
}

/// <summary>A text shown with its first letter in upper case, in whatever language it is shown (a name at the start of a sentence).</summary>
public sealed record CapitalizedText(LocalizableText Text)
{
    /// <summary><paramref name="shown"/> with its first letter raised in <paramref name="culture"/>.</summary>
    public static string Raise(string shown, CultureInfo culture) =>
        shown.Length == 0 ? shown : char.ToUpper(shown[0], culture) + shown[1..];

    /// <summary>The English text, capitalised.</summary>
    public override string ToString() => Raise(Text.ToString(), CultureInfo.InvariantCulture);
}
