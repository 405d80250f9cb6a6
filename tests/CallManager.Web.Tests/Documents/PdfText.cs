using System.Security.Cryptography;
using UglyToad.PdfPig;

namespace CallManager.Web.Tests.Documents;

/// <summary>Reads a PDF back as text (PdfPig): the words of every page, one space between them.</summary>
public static class PdfText
{
    public static string Extract(byte[] pdf)
    {
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    /// <summary>Lower-case hexadecimal SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
