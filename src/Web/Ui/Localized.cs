using CallManager.Domain.Calls;

namespace CallManager.Web.Ui;

/// <summary>The French or English text of bilingual domain data.</summary>
public static class Localized
{
    /// <summary>The section's title in <paramref name="language"/> (French when no English title was given).</summary>
    public static string Title(this FormSection section, string language) =>
        language == "en" && section.TitleEn.Length > 0 ? section.TitleEn : section.TitleFr;

    /// <summary>The criterion's label in <paramref name="language"/>.</summary>
    public static string Label(this Criterion criterion, string language) =>
        language == "en" && criterion.LabelEn.Length > 0 ? criterion.LabelEn : criterion.LabelFr;
}
