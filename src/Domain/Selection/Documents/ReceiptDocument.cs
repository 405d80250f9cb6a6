using System.Text.Json.Nodes;
using CallManager.Domain.Calls;
using CallManager.Domain.Documents;
using CallManager.Domain.Submissions;

namespace CallManager.Domain.Selection.Documents;

/// <summary>The submission receipt as a PDF: reference, instant in the call's zone, SHA-256, then every answer and every file with its own hash.</summary>
public static class ReceiptDocument
{
    /// <summary>One file of the receipt: its question, name, size and SHA-256.</summary>
    public sealed record FileLine(string Field, string Name, long Size, string Sha256);

    /// <summary>The receipt of <paramref name="version"/> of <paramref name="application"/> in <paramref name="language"/>.</summary>
    public static byte[] Render(Application application, ApplicationVersion version, Call call, IReadOnlyList<FileLine> files, string language)
    {
        var en = language == "en";
        string T(string fr, string english) => en ? english : fr;
        using var pdf = new PdfComposer(T($"Accusé de réception {version.ReceiptNumber}", $"Receipt {version.ReceiptNumber}"),
            T($"Accusé de réception {version.ReceiptNumber}", $"Receipt {version.ReceiptNumber}"), language);
        pdf.Letterhead("CallManager", call.Title(language));
        pdf.Title(T("Accusé de réception de votre dossier", "Receipt for your dossier"));
        pdf.Field(T("Numéro d'accusé", "Receipt number"), version.ReceiptNumber);
        pdf.Field(T("Dossier", "Dossier"), $"{application.Reference} — {application.Title}");
        pdf.Field(T("Appel", "Call"), $"{call.Title(language)} ({call.Code})");
        pdf.Field(T("Version", "Version"), version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        pdf.Field(T("Déposé le", "Submitted on"), $"{CallClock.Format(version.SubmittedAt, call.TimeZone, language)} ({call.TimeZone})");
        pdf.Field(T("Empreinte SHA-256 du dossier", "SHA-256 of the dossier"), "");
        pdf.Small(version.Sha256);
        var answers = JsonNode.Parse(version.CanonicalApplication)?["answers"] as JsonObject ?? [];
        foreach (var section in call.Form.Sections)
        {
            var fields = section.Fields.Where(f => f.Type != FieldType.File).ToList();
            if (fields.Count == 0) continue;
            pdf.Heading(en && section.TitleEn.Length > 0 ? section.TitleEn : section.TitleFr);
            foreach (var field in fields)
                pdf.Field(field.Label(language), Answer(answers[field.Key], field, language));
        }
        pdf.Heading(T("Pièces jointes", "Attached files"));
        if (files.Count == 0) pdf.Paragraph(T("Aucune pièce jointe.", "No attached file."));
        foreach (var file in files)
        {
            var label = call.Form.Sections.SelectMany(s => s.Fields).FirstOrDefault(f => f.Key == file.Field) is { } f ? f.Label(language) : file.Field;
            pdf.Bullet($"{label}{T(" :", ":")} {file.Name} ({Size(file.Size, language)})");
            pdf.Small("SHA-256 " + file.Sha256);
        }
        pdf.Heading(T("Valeur de cet accusé", "What this receipt proves"));
        pdf.Paragraph(T("L'empreinte SHA-256 est calculée sur le dossier déposé (réponses, organisations et empreintes des pièces) : " +
                "le même contenu donne toujours la même empreinte, toute modification en donne une autre.",
            "The SHA-256 fingerprint is computed on the submitted dossier (answers, organisations and files' fingerprints): the same content " +
                "always gives the same fingerprint, any change gives another."));
        return pdf.ToBytes();
    }

    private static string Answer(JsonNode? node, FormField field, string language) => AnswerText.Format(field, node, language) ?? "—";

    private static string Size(long bytes, string language) =>
        bytes >= 1024 * 1024 ? $"{bytes / 1024d / 1024d:0.0} {(language == "en" ? "MB" : "Mo")}" : $"{Math.Max(1, bytes / 1024)} {(language == "en" ? "KB" : "Ko")}";
}
