using System.Globalization;
using CallManager.Domain.Calls;
using CallManager.Domain.Submissions;

namespace CallManager.Web.Ui;

/// <summary>One answer of a dossier as its reader sees it: the field's label, the value as text (or the chosen values, or the files).</summary>
public sealed record RecapItem(string Key, string Label, FieldType Type, string? Text, IReadOnlyList<string> Values, IReadOnlyList<AttachmentView> Files)
{
    /// <summary>Nothing was answered.</summary>
    public bool Empty => Text is null && Values.Count == 0 && Files.Count == 0;
}

/// <summary>A titled section of the recap.</summary>
public sealed record RecapSection(string Key, string Title, IReadOnlyList<RecapItem> Items);

/// <summary>
/// A dossier's answers as the applicant sees them, for every reader (juror, administrator): each field by its label in
/// the reader's language, values formatted in the page's culture (amounts as euros, dates in words, choices as lists),
/// files with the field they answer. Answers the form no longer holds, and fields hidden from the reader (anonymised), are left out.
/// </summary>
public static class DossierRecap
{
    /// <summary>The sections of <paramref name="form"/> with <paramref name="dossier"/>'s answers.</summary>
    public static IReadOnlyList<RecapSection> Build(ApplicationForm form, ApplicationView dossier, string language) =>
        form.Sections.Select(s => new RecapSection(s.Key, language == "en" && s.TitleEn.Length > 0 ? s.TitleEn : s.TitleFr,
                s.Fields.Select(f => Item(f, dossier, language)).ToList()))
            .Where(s => s.Items.Count > 0).ToList();

    private static RecapItem Item(FormField field, ApplicationView dossier, string language)
    {
        var value = dossier.Answers[field.Key];
        return field.Type switch
        {
            FieldType.File => new RecapItem(field.Key, field.Label(language), field.Type, null, [],
                dossier.Attachments.Where(a => a.FieldKey == field.Key).ToList()),
            FieldType.MultipleChoice => new RecapItem(field.Key, field.Label(language), field.Type, null, AnswerText.Values(value), []),
            _ => new RecapItem(field.Key, field.Label(language), field.Type, AnswerText.Format(field, value, language), [], []),
        };
    }

    /// <summary>A file size in kilobytes or megabytes, in the page's culture.</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024m / 1024m).ToString("0.#", CultureInfo.CurrentCulture) + (Format.Language == "en" ? " MB" : " Mo")
        : Math.Max(1, Math.Round(bytes / 1024m)).ToString("0", CultureInfo.CurrentCulture) + (Format.Language == "en" ? " KB" : " Ko");

    /// <summary>Whether the browser can show the file inside the page (PDF in a frame, images as images).</summary>
    public static bool Viewable(AttachmentView file) => file.ContentType is "application/pdf" or "image/png" or "image/jpeg";
}

/// <summary>What the <c>_DossierRecap</c> partial shows: sections, lead organisation (null when hidden), partners, and where files open.</summary>
/// <param name="FileUrl">The address of a file without its id, e.g. <c>/Jury/Review/{id}?handler=Document&amp;attachmentId=</c>; <c>&amp;download=true</c> asks for a download.</param>
public sealed record DossierRecapView(IReadOnlyList<RecapSection> Sections, string? LeadOrganisation, IReadOnlyList<PartnerView> Partners, string FileUrl);
