using PdfSharp.Fonts;

namespace CallManager.Domain.Documents;

/// <summary>
/// PDFsharp's font resolver: every document is set in DejaVu Sans (regular and bold), read from the assembly's embedded
/// resources (Bitstream Vera licence, see Fonts/LICENSE-DejaVu.txt), so that no font needs to be installed on the host.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    /// <summary>The family name documents ask for.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly object Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp keeps it in a global setting).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is PdfFonts) return;
            GlobalFontSettings.FontResolver = new PdfFonts();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"CallManager.Domain.Documents.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName}.ttf is not embedded in CallManager.Domain.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
