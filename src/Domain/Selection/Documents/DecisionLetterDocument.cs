using CallManager.Domain.Calls;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants;
using CallManager.Domain.Selection.Applicants;
using CallManager.Domain.Selection.Decisions;

namespace CallManager.Domain.Selection.Documents;

/// <summary>The decision letter as a PDF: letterhead, outcome, amount, reasons, the evaluation summary once, the complaint route and its deadline.</summary>
public static class DecisionLetterDocument
{
    /// <summary>
    /// The letter of the published decision of <paramref name="view"/> in <paramref name="language"/>; its footer prints the
    /// audit chain's head (<paramref name="chainHead"/>), so the letter itself anchors the chain that records the decision.
    /// </summary>
    public static byte[] Render(ApplicantDecisionView view, PublishedDecision decision, string organisation, string language, (long Sequence, string Hash)? chainHead = null)
    {
        var en = language == "en";
        string T(string fr, string english) => en ? english : fr;
        var footer = T($"Lettre de décision {view.Reference}", $"Decision letter {view.Reference}")
            + (chainHead is { } h ? T($" · journal d'audit\u00a0: entrée {h.Sequence}, {h.Hash[..16]}", $" · audit chain: entry {h.Sequence}, {h.Hash[..16]}") : "");
        using var pdf = new PdfComposer(T($"Décision {view.Reference}", $"Decision {view.Reference}"), footer, language);
        pdf.Letterhead("CallManager", view.CallTitle);
        pdf.Paragraph($"{organisation}\n{T("Dossier", "Dossier")} {view.Reference} — {view.Title}");
        pdf.Paragraph(T("Le ", "On ") + CallClock.Format(decision.PublishedAt, view.TimeZone, language));
        pdf.Title(T($"Décision sur votre dossier {view.Reference}", $"Decision on your dossier {view.Reference}"));
        pdf.Paragraph(DecisionWording.Outcome(decision, language), bold: true);
        if (!string.IsNullOrWhiteSpace(decision.Reason)) pdf.Field(T("Motifs", "Reasons"), decision.Reason);
        pdf.Heading(T("Synthèse de l'évaluation", "Evaluation summary"));
        if (decision.Scores.Count == 0) pdf.Paragraph(T("Aucune note n'a été publiée pour ce dossier.", "No score was published for this dossier."));
        foreach (var score in decision.Scores)
            pdf.Bullet($"{score.Criterion}{T(" :", ":")} {(score.Mean is { } mean ? mean.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo(en ? "en-GB" : "fr-FR")) : "—")} / {score.ScaleMax}");
        if (decision.Consensus is { } consensus) pdf.Field(T("Avis du comité", "Committee's opinion"), consensus);
        foreach (var comment in decision.Comments)
            pdf.Bullet(comment.Criterion is { } criterion ? $"{criterion}{T(" :", ":")} {comment.Text}" : comment.Text);
        pdf.Heading(T("Voies de recours", "How to contest this decision"));
        pdf.Paragraph(decision.ComplaintsUntil is { } until
            ? T($"Vous pouvez contester cette décision par une réclamation motivée déposée dans votre espace (page du dossier, « Déposer une réclamation ») avant le {CallClock.Format(until, view.TimeZone, language)}.",
                $"You may contest this decision with a reasoned complaint filed from your space (the dossier's page, \"File a complaint\") before {CallClock.Format(until, view.TimeZone, language)}.")
            : T("Aucune réclamation n'est ouverte pour cette décision.", "No complaint can be filed against this decision."));
        return pdf.ToBytes();
    }
}
