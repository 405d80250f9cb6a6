using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallManager.Domain.Common;

namespace CallManager.Web.Ui;

/// <summary>
/// Writes a <see cref="LocalizableText"/> (a solver's explanation, a verdict's reasons) as its text in the reader's language:
/// the template translated by <see cref="DomainTexts"/>, the values formatted in that culture. Reads a string back as a plain
/// text already in its language (a page carrying a result to the next request). The API's converter writes in
/// <see cref="DomainTexts.ReaderCulture"/>.
/// </summary>
public sealed class LocalizableTextJsonConverter(Func<CultureInfo> culture) : JsonConverter<LocalizableText>
{
    public override LocalizableText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() ?? "";

    public override void Write(Utf8JsonWriter writer, LocalizableText value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Show(culture()));
}
