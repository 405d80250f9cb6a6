using System.Globalization;
using CallManager.Domain.Calls;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants;

namespace CallManager.Domain.Grants.Documents;

/// <summary>The acknowledgement of a progress report as a PDF: which report, when it was received (call's zone), the document with its hash, the figures.</summary>
public static class ReportAcknowledgementDocument
{
    /// <summary>The acknowledgement of <paramref name="report"/>'s latest submission in <paramref name="language"/> ("fr" or "en").</summary>
    public static byte[] Render(Grant grant, GrantReport report, Call call, string language)
    {
        var en = language == "en";
        string T(string fr, string english) => en ? english : fr;
        var culture = CultureInfo.GetCultureInfo(en ? "en-GB" : "fr-FR");
        var label = report.Label(language);
        using var pdf = new PdfComposer(T($"Accusé de réception — {label} — {grant.Reference}", $"Acknowledgement — {label} — {grant.Reference}"),
            T($"Accusé de réception {grant.Reference}", $"Acknowledgement {grant.Reference}"), language);
        pdf.Letterhead("CallManager", call.Title(language));
        pdf.Title(T($"Accusé de réception du rapport « {label} »", $"Acknowledgement of the report \"{label}\""));
        pdf.Paragraph(T($"Le rapport « {label} » de la subvention {grant.Reference} (« {grant.Title} ») a bien été reçu. Il sera examiné par l'équipe de l'appel.",
            $"The report \"{label}\" of grant {grant.Reference} (\"{grant.Title}\") has been received. The call's team will examine it."));
        var colon = T(" : ", ": ");
        pdf.Field(T("Reçu le", "Received on") + colon, CallClock.Format(report.SubmittedAt!.Value, call.TimeZone, language));
        pdf.Field(T("Subvention", "Grant") + colon, $"{grant.Reference} — {GrantMails.Money(grant.Amount, language)}");
        if (report.DocumentName is not null)
        {
            pdf.Field(T("Document", "Document") + colon, $"{report.DocumentName} ({(report.DocumentSize ?? 0).ToString("N0", culture)} {T("octets", "bytes")})");
            pdf.Small($"SHA-256{colon}{report.DocumentSha256}");
        }
        if (call.GrantTerms.Indicators.Count > 0)
        {
            pdf.Heading(T("Indicateurs déclarés", "Figures reported"));
            foreach (var indicator in call.GrantTerms.Indicators)
                pdf.Bullet($"{(en ? indicator.LabelEn : indicator.LabelFr)}{colon}{(report.Indicators.TryGetValue(indicator.Key, out var v) ? v.ToString("0.##", culture) : "—")}");
        }
        if (!string.IsNullOrWhiteSpace(report.Narrative))
        {
            pdf.Heading(T("Récit de la période", "Narrative of the period"));
            pdf.Paragraph(report.Narrative);
        }
        return pdf.ToBytes();
    }
}
