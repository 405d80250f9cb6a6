using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Attachments;

namespace CallManager.Domain.Privacy.Exports;

/// <summary>
/// Writes a person's data as one zip: <c>personal-data.json</c> (every row by table, the files' list, what was withheld),
/// the files under <c>files/</c>, and <c>summary.txt</c>, a readable account of it in French and English.
/// </summary>
public static class PersonalExportArchive
{
    /// <summary>The machine-readable part's name inside the archive.</summary>
    public const string DataEntry = "personal-data.json";

    /// <summary>The readable summary's name inside the archive.</summary>
    public const string SummaryEntry = "summary.txt";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the archive of <paramref name="data"/> to <paramref name="target"/>; a file missing from the store is listed as missing, not skipped silently.</summary>
    public static async Task WriteAsync(PersonalData data, IAttachmentStore store, DateTimeOffset at, Stream target, CancellationToken ct)
    {
        using var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true);
        var files = new JsonArray();
        var missing = new List<string>();
        foreach (var file in data.Files)
        {
            var bytes = file.Content ?? await ReadAsync(store, file.StorageKey, ct);
            if (bytes is null)
            {
                missing.Add(file.Path);
                continue;
            }
            var entry = zip.CreateEntry(file.Path, CompressionLevel.Fastest);
            entry.LastWriteTime = at;
            await using (var stream = entry.Open()) await stream.WriteAsync(bytes, ct);
            files.Add(new JsonObject { ["path"] = file.Path, ["table"] = file.Table, ["rowId"] = file.RowId, ["size"] = bytes.LongLength,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) });
        }
        var document = new JsonObject
        {
            ["userId"] = data.UserId,
            ["generatedAt"] = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["tables"] = new JsonObject(data.Tables.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)new JsonArray(t.Value.Select(r => (JsonNode?)r.DeepClone()).ToArray())))),
            ["files"] = files,
            ["missingFiles"] = new JsonArray(missing.Select(m => (JsonNode?)m).ToArray()),
            ["withheld"] = new JsonArray(data.Withheld.Select(w => (JsonNode?)w).ToArray()),
        };
        await WriteTextAsync(zip, DataEntry, document.ToJsonString(Indented), at, ct);
        await WriteTextAsync(zip, SummaryEntry, Summary(data, at, files.Count, missing), at, ct);
    }

    private static async Task<byte[]?> ReadAsync(IAttachmentStore store, string? key, CancellationToken ct)
    {
        if (key is null) return null;
        await using var content = await store.GetAsync(key, ct);
        return content is null ? null : await content.ReadAllBytesAsync(ct);
    }

    private static async Task WriteTextAsync(ZipArchive zip, string name, string text, DateTimeOffset at, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        entry.LastWriteTime = at;
        await using var stream = entry.Open();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
    }

    private static string Summary(PersonalData data, DateTimeOffset at, int files, List<string> missing)
    {
        var text = new StringBuilder();
        text.AppendLine("Vos données personnelles dans CallManager / Your personal data in CallManager");
        text.AppendLine(CultureInfo.InvariantCulture, $"Générée le / generated on {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{DataEntry}: toutes les lignes vous concernant, table par table / every row about you, by table (JSON).");
        text.AppendLine(CultureInfo.InvariantCulture, $"files/: {files} fichier(s) / file(s) — documents déposés, rapports, lettres / uploaded documents, reports, letters.");
        text.AppendLine();
        foreach (var (table, rows) in data.Tables) text.AppendLine(CultureInfo.InvariantCulture, $"  {table,-24} {rows.Count,6}");
        text.AppendLine();
        text.AppendLine("Non inclus, et pourquoi / Not included, and why:");
        foreach (var withheld in data.Withheld) text.AppendLine("  - " + withheld);
        text.AppendLine(CultureInfo.InvariantCulture, $"  - {PersonalDataCollector.OtherPerson}: l'identifiant d'une autre personne / another person's account id");
        foreach (var path in missing) text.AppendLine("  - " + path + ": fichier introuvable dans le stockage / file missing from the store");
        return text.ToString();
    }
}
