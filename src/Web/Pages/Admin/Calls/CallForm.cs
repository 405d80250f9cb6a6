using System.ComponentModel.DataAnnotations;
using CallManager.Domain.Calls;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>
/// The call editor's form as posted: plain fields, rows for criteria, rules and form sections, and "one item per
/// line" text for anchors and grant terms. It only converts to and from <see cref="CallInput"/>; every rule about
/// a call is checked by <see cref="CallValidator"/>.
/// </summary>
public sealed partial class CallForm
{
    [Display(Name = "CallEditor.Code")] public string? Code { get; set; }
    [Display(Name = "CallEditor.TitleFr")] public string? TitleFr { get; set; }
    [Display(Name = "CallEditor.TitleEn")] public string? TitleEn { get; set; }
    [Display(Name = "CallEditor.DescriptionFr")] public string? DescriptionFr { get; set; }
    [Display(Name = "CallEditor.DescriptionEn")] public string? DescriptionEn { get; set; }
    [Display(Name = "CallEditor.TimeZone")] public string TimeZone { get; set; } = "Europe/Paris";
    [Display(Name = "CallEditor.Budget")] public decimal? Budget { get; set; }
    [Display(Name = "CallEditor.MaxGrant")] public decimal? MaxGrant { get; set; }
    public PhasesForm Phases { get; set; } = new();
    public List<CriterionRow> Criteria { get; set; } = [];
    [Display(Name = "CallEditor.Threshold")] public decimal? Threshold { get; set; }
    [Display(Name = "CallEditor.TieBreakOrder")] public string? TieBreakOrder { get; set; }
    public List<RuleRow> EligibilityRules { get; set; } = [];
    public List<SectionRow> Form { get; set; } = [];
    [Display(Name = "CallEditor.CallWorkflow")] public string? CallWorkflowId { get; set; }
    [Display(Name = "CallEditor.ApplicationWorkflow")] public string? ApplicationWorkflowId { get; set; }
    [Display(Name = "CallEditor.GraceMinutes")] public int GraceMinutes { get; set; }
    [Display(Name = "CallEditor.ComplaintWindowDays")] public int ComplaintWindowDays { get; set; } = 30;
    public ReviewSettings Review { get; set; } = new();
    public GrantTermsForm GrantTerms { get; set; } = new();

    /// <summary>The five phases as local times in the call's zone.</summary>
    public sealed class PhasesForm
    {
        [Display(Name = "CallEditor.Phase.OpensAt")] public DateTime? OpensAt { get; set; }
        [Display(Name = "CallEditor.Phase.SubmissionDeadline")] public DateTime? SubmissionDeadline { get; set; }
        [Display(Name = "CallEditor.Phase.ReviewDeadline")] public DateTime? ReviewDeadline { get; set; }
        [Display(Name = "CallEditor.Phase.DeliberationAt")] public DateTime? DeliberationAt { get; set; }
        [Display(Name = "CallEditor.Phase.ResultsAt")] public DateTime? ResultsAt { get; set; }
    }

    /// <summary>One criterion; anchors one per line as "score | libellé | label".</summary>
    public sealed class CriterionRow
    {
        public string? Key { get; set; }
        public string? LabelFr { get; set; }
        public string? LabelEn { get; set; }
        public decimal? Weight { get; set; }
        public int? ScaleMax { get; set; } = 5;
        public decimal? PassMark { get; set; }
        public string? Anchors { get; set; }
    }

    /// <summary>One eligibility rule; values comma-separated.</summary>
    public sealed class RuleRow
    {
        public string? Key { get; set; }
        public EligibilityRuleKind Kind { get; set; }
        public string? Field { get; set; }
        public string? Values { get; set; }
        public int Count { get; set; }
        public int SocialEconomyCount { get; set; }
        public string? MessageFr { get; set; }
        public string? MessageEn { get; set; }
    }

    /// <summary>One form section and its fields.</summary>
    public sealed class SectionRow
    {
        public string? Key { get; set; }
        public string? TitleFr { get; set; }
        public string? TitleEn { get; set; }
        public List<FieldRow> Fields { get; set; } = [];
    }

    /// <summary>One form field; choices one per line; the file size in megabytes.</summary>
    public sealed class FieldRow
    {
        public string? Key { get; set; }
        public string? LabelFr { get; set; }
        public string? LabelEn { get; set; }
        public FieldType Type { get; set; }
        public bool Required { get; set; }
        public int? MaxLength { get; set; }
        public decimal? Min { get; set; }
        public decimal? Max { get; set; }
        public string? Choices { get; set; }
        public List<string> FileTypes { get; set; } = [];
        public decimal? MaxFileSizeMb { get; set; }
        public bool Personal { get; set; }
    }

    /// <summary>Grant terms: tranches "key | percent | report", reports "key | libellé | label | months", indicators "key | libellé | label".</summary>
    public sealed class GrantTermsForm
    {
        [Display(Name = "CallEditor.Grant.DurationMonths")] public int DurationMonths { get; set; } = 24;
        [Display(Name = "CallEditor.Grant.Tranches")] public string? Tranches { get; set; }
        [Display(Name = "CallEditor.Grant.Reports")] public string? Reports { get; set; }
        [Display(Name = "CallEditor.Grant.Indicators")] public string? Indicators { get; set; }
        [Display(Name = "CallEditor.Grant.ReminderDaysBefore")] public int ReminderDaysBefore { get; set; } = 14;
    }
}
