using CallManager.Domain.Calls;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants;
using CallManager.Domain.Organisations;

namespace CallManager.Domain.Grants.Documents;

/// <summary>The grant agreement as a PDF: the parties, the project, the amount, the tranches and their conditions, the reports and their figures.</summary>
public static class AgreementDocument
{
    /// <summary>The agreement of <paramref name="grant"/> (tranches and reports loaded) in <paramref name="language"/> ("fr" or "en").</summary>
    public static byte[] Render(Grant grant, Call call, Organisation beneficiary, string language)
    {
        var en = language == "en";
        string T(string fr, string english) => en ? english : fr;
        var money = (decimal amount) => GrantMails.Money(amount, language);
        using var pdf = new PdfComposer(T($"Convention de subvention {grant.Reference}", $"Grant agreement {grant.Reference}"),
            T($"Convention {grant.Reference}", $"Agreement {grant.Reference}"), language);
        pdf.Letterhead("CallManager", call.Title(language));
        pdf.Title(T($"Convention de subvention n° {grant.Reference}", $"Grant agreement no. {grant.Reference}"));
        pdf.Heading(T("Entre les parties", "Between the parties"));
        pdf.Paragraph(T($"Le financeur de l'appel « {call.Title(language)} » ({call.Code}), d'une part,",
            $"The funder of the call \"{call.Title(language)}\" ({call.Code}), of the one part,"));
        pdf.Paragraph(T($"et {beneficiary.Name} ({beneficiary.LegalForm}, SIREN {beneficiary.Siren}), ci-après « le bénéficiaire », d'autre part.",
            $"and {beneficiary.Name} ({beneficiary.LegalForm}, SIREN {beneficiary.Siren}), hereinafter \"the beneficiary\", of the other part."));
        pdf.Heading(T("Article 1 — Objet", "Article 1 — Purpose"));
        pdf.Paragraph(T($"La présente convention finance le projet « {grant.Title} », dossier {grant.Reference}.",
            $"This agreement funds the project \"{grant.Title}\", dossier {grant.Reference}."));
        pdf.Heading(T("Article 2 — Montant", "Article 2 — Amount"));
        pdf.Paragraph(T($"Une subvention de {money(grant.Amount)} est accordée au bénéficiaire.", $"A grant of {money(grant.Amount)} is awarded to the beneficiary."));
        pdf.Heading(T("Article 3 — Durée", "Article 3 — Duration"));
        pdf.Paragraph(T($"Le projet commence le jour de la signature et dure {call.GrantTerms.DurationMonths} mois.",
            $"The project starts on the day of signature and lasts {call.GrantTerms.DurationMonths} months."));
        pdf.Heading(T("Article 4 — Versements", "Article 4 — Payments"));
        foreach (var tranche in grant.Tranches.OrderBy(t => t.Position))
            pdf.Bullet($"{GrantLabels.Tranche(tranche, grant.Reports, language)}{T(" :", ":")} {money(tranche.Amount)} ({tranche.Percent:0.##} %). " +
                GrantLabels.Condition(tranche, grant.Reports, language));
        pdf.Heading(T("Article 5 — Rapports", "Article 5 — Reports"));
        foreach (var report in grant.Reports.OrderBy(r => r.Position))
            pdf.Bullet(T($"{report.LabelFr} : dû {report.MonthsAfterStart} mois après le début du projet.",
                $"{report.Label("en")}: due {report.MonthsAfterStart} months after the project starts."));
        var indicators = string.Join(", ", call.GrantTerms.Indicators.Select(i => en ? i.LabelEn : i.LabelFr));
        pdf.Paragraph(T($"Chaque rapport comprend un document et les indicateurs suivants : {indicators}.",
            $"Each report consists of a document and the following figures: {indicators}."));
        pdf.Heading(T("Article 6 — Signature", "Article 6 — Signature"));
        pdf.Paragraph(T("Le bénéficiaire accepte la convention en ligne. L'acceptation est enregistrée avec l'identité de la personne qui la donne, " +
                "l'instant et l'empreinte SHA-256 de ce document, qui en fait la preuve.",
            "The beneficiary accepts the agreement online. The acceptance is recorded with the identity of the person giving it, the instant and " +
                "the SHA-256 fingerprint of this document, which is its proof."));
        return pdf.ToBytes();
    }
}
