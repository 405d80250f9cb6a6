using System.Text.Json;
using CallManager.Domain.Common;

namespace CallManager.Web.Api;

/// <summary>Reads the indicator figures of a multipart report form (raw text; the domain checks them).</summary>
public static class ReportForm
{
    private const string Prefix = "indicators.";

    /// <summary>Fields <c>indicators.KEY</c>, merged with a JSON object in field <c>indicators</c>.</summary>
    public static Dictionary<string, string?> Indicators(IFormCollection form)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in form.Where(f => f.Key.StartsWith(Prefix, StringComparison.Ordinal)))
            values[name[Prefix.Length..]] = value.ToString();
        if (form.TryGetValue("indicators", out var json) && json.ToString().Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(json.ToString());
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException();
                foreach (var property in document.RootElement.EnumerateObject())
                    values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
            catch (JsonException)
            {
                throw DomainException.Invalid("Field 'indicators' must be a JSON object such as {\"jobsCreated\": 3}.",
                    new Dictionary<string, string[]> { ["indicators"] = ["Not a JSON object."] });
            }
        }
        return values;
    }
}
