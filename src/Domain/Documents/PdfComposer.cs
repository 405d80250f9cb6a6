using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CallManager.Domain.Documents;

/// <summary>
/// Lays text out on A4 pages top to bottom (letterhead, titles, paragraphs, labelled values, rows), wrapping words and
/// breaking pages; each page ends with the document's footer and its number.
/// </summary>
public sealed class PdfComposer : IDisposable
{
    private const double Margin = 56, FooterHeight = 30;
    private static readonly XColor Brand = XColor.FromArgb(0x17, 0x40, 0x6d), Muted = XColor.FromArgb(0x4d, 0x53, 0x5c);
    private readonly PdfDocument document = new();
    private readonly string footer, colon;
    private PdfPage page = null!;
    private XGraphics graphics = null!;
    private double y;

    /// <summary>A new document titled <paramref name="title"/>; <paramref name="footer"/> is printed at the foot of every page.</summary>
    public PdfComposer(string title, string footer, string language)
    {
        PdfFonts.EnsureInstalled();
        this.footer = footer;
        colon = language == "en" ? ": " : " : "; // French typography puts a space before the colon
        document.Info.Title = title;
        document.Info.Author = "CallManager";
        document.Info.Creator = "CallManager";
        document.Language = language;
        NewPage();
    }

    private double Width => page.Width.Point - 2 * Margin;

    /// <summary>The funder's letterhead: a coloured rule, the sender's name and a second line.</summary>
    public void Letterhead(string sender, string line)
    {
        graphics.DrawRectangle(new XSolidBrush(Brand), Margin, Margin - 20, Width, 5);
        Text(sender, 14, bold: true, Brand);
        Text(line, 9, bold: false, Muted);
        y += 14;
    }

    public void Title(string text) { y += 4; Text(text, 17, bold: true, Brand); y += 6; }

    public void Heading(string text) { y += 10; Text(text, 12, bold: true, Brand); y += 2; }

    public void Paragraph(string text, bool bold = false) { Text(text, 10, bold, XColors.Black); y += 5; }

    /// <summary>A small grey line (hashes, references); long words break anywhere.</summary>
    public void Small(string text) { Text(text, 8, bold: false, Muted); y += 3; }

    /// <summary>A label in bold followed by its value on the same line, wrapped below it when long.</summary>
    public void Field(string label, string value) => Text($"{label}{colon}{value}", 10, bold: false, XColors.Black, boldPrefix: label.Length + colon.Length - 1);

    /// <summary>A bulleted line.</summary>
    public void Bullet(string text) { Text("• " + text, 10, bold: false, XColors.Black); y += 2; }

    /// <summary>The PDF's bytes; the composer cannot be used afterwards.</summary>
    public byte[] ToBytes()
    {
        FinishPage();
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        graphics?.Dispose();
        document.Dispose();
    }

    private void Text(string text, double size, bool bold, XColor colour, int boldPrefix = 0)
    {
        var font = new XFont(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
        var strong = new XFont(PdfFonts.Family, size, XFontStyleEx.Bold);
        var brush = new XSolidBrush(colour);
        var lineHeight = size * 1.35;
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var first = true;
            foreach (var line in Wrap(paragraph, font))
            {
                if (y + lineHeight > page.Height.Point - Margin - FooterHeight) NewPage();
                if (first && boldPrefix > 0 && line.Length >= boldPrefix)
                {
                    var prefix = line[..boldPrefix];
                    graphics.DrawString(prefix, strong, brush, Margin, y + size);
                    graphics.DrawString(line[boldPrefix..], font, brush, Margin + graphics.MeasureString(prefix, strong).Width, y + size);
                }
                else graphics.DrawString(line, font, brush, Margin, y + size);
                y += lineHeight;
                first = false;
            }
        }
    }

    /// <summary>The lines of <paramref name="text"/> that fit the width: words wrap, a word wider than a line breaks anywhere.</summary>
    private IEnumerable<string> Wrap(string text, XFont font)
    {
        if (text.Length == 0) { yield return ""; yield break; }
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (graphics.MeasureString(candidate, font).Width <= Width) { line = candidate; continue; }
            if (line.Length > 0) yield return line;
            line = word;
            while (graphics.MeasureString(line, font).Width > Width)
            {
                var cut = line.Length - 1;
                while (cut > 1 && graphics.MeasureString(line[..cut], font).Width > Width) cut--;
                yield return line[..cut];
                line = line[cut..];
            }
        }
        yield return line;
    }

    private void NewPage()
    {
        if (graphics is not null) FinishPage();
        page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        graphics = XGraphics.FromPdfPage(page);
        y = Margin;
    }

    private void FinishPage()
    {
        var font = new XFont(PdfFonts.Family, 8, XFontStyleEx.Regular);
        var bottom = page.Height.Point - Margin + 4;
        graphics.DrawLine(new XPen(Muted, 0.5), Margin, bottom - 12, Margin + Width, bottom - 12);
        graphics.DrawString($"{footer} · {document.PageCount}", font, new XSolidBrush(Muted), Margin, bottom);
        graphics.Dispose();
        graphics = null!;
    }
}
