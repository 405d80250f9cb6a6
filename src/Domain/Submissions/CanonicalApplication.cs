using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CallManager.Domain.Submissions;

/// <summary>The canonical form of a dossier (sorted keys, no spaces) and its SHA-256: the same content always gives the same hash.</summary>
public static class CanonicalApplication
{
    /// <summary>Answers, lead and partner SIRENs and attachment hashes as canonical JSON.</summary>
    public static string Build(Application application, string leadSiren, IEnumerable<string> partnerSirens)
    {
        var document = new JsonObject
        {
            ["answers"] = Sort(application.Answers),
            ["attachments"] = new JsonArray(application.Attachments
                .OrderBy(a => a.FieldKey, StringComparer.Ordinal).ThenBy(a => a.Sha256, StringComparer.Ordinal)
                .Select(a => (JsonNode)new JsonObject { ["field"] = a.FieldKey, ["sha256"] = a.Sha256, ["size"] = a.Size }).ToArray()),
            ["callId"] = application.CallId.ToString(),
            ["lead"] = leadSiren,
            ["partners"] = new JsonArray(partnerSirens.Order(StringComparer.Ordinal).Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
            ["reference"] = application.Reference,
        };
        return document.ToJsonString();
    }

    /// <summary>Lowercase hex SHA-256 of <paramref name="canonical"/> in UTF-8.</summary>
    public static string Hash(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        _ => node?.DeepClone(),
    };
}
