using System.IO.Compression;

namespace CallManager.Domain.Submissions;

/// <summary>Recognises a file's kind from its first bytes (and, for office documents, the zip entries), never from its name.</summary>
public static class FileTypeDetector
{
    /// <summary>The kind ("pdf", "png", ... see <see cref="Calls.FileTypeNames"/>) and media type, or null when unrecognised.</summary>
    public static (string Kind, string ContentType)? Detect(byte[] content)
    {
        ReadOnlySpan<byte> b = content;
        if (b.StartsWith("%PDF-"u8)) return ("pdf", "application/pdf");
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return ("png", "image/png");
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return ("jpeg", "image/jpeg");
        if (b.StartsWith("PK\u0003\u0004"u8)) return DetectZip(content);
        return null;
    }

    private static (string, string)? DetectZip(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            if (names.Contains("word/document.xml")) return ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            if (names.Contains("xl/workbook.xml")) return ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            var mimetype = zip.GetEntry("mimetype");
            if (mimetype is null) return null;
            using var reader = new StreamReader(mimetype.Open());
            return reader.ReadToEnd().Trim() switch
            {
                "application/vnd.oasis.opendocument.text" => ("odt", "application/vnd.oasis.opendocument.text"),
                "application/vnd.oasis.opendocument.spreadsheet" => ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
                _ => null,
            };
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// A safe file name, the one stored and offered for download: no folders, no control, invisible or direction-changing
    /// characters (a right-to-left override turns "cod.exe" into "exe.doc" on screen), no reserved characters or Windows
    /// device names, at most 120 characters.
    /// </summary>
    public static string SanitizeName(string? name)
    {
        var file = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string(file.Select(c => Unsafe(c) ? '_' : c).ToArray()).Trim(' ', '.');
        if (clean.Length > 120) clean = clean[..60] + "…" + clean[^59..];
        if (clean.Length == 0) return "document";
        return ReservedDeviceNames.Contains(clean.Split('.')[0].TrimEnd(' ')) ? "_" + clean : clean;
    }

    private static bool Unsafe(char c) => "<>:\"/\\|?*;".Contains(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Control
        or System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator
        or System.Globalization.UnicodeCategory.ParagraphSeparator;

    private static readonly HashSet<string> ReservedDeviceNames = new(
        ["CON", "PRN", "AUX", "NUL", .. Enumerable.Range(1, 9).SelectMany(i => new[] { $"COM{i}", $"LPT{i}" })], StringComparer.OrdinalIgnoreCase);
}
