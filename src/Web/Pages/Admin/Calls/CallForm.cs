using System.ComponentModel.DataAnnotations;
using CallManager.Domain.Calls;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>
/// The call editor's form as posted: plain fields and repeatable rows (criteria and their scale anchors, rules, form sections and
/// fields, tranches, reports, indicators). It only converts to and from <see cref="CallInput"/>; every rule about a call is
/// checked by <see cref="CallValidator"/>.
/// </summary>
public sealed partial class CallForm
{
    [Display(Name = "CallEditor.Code")] public string? Code { get; set; }
    [Display(Name = "CallEditor.TitleFr")] public string? TitleFr { get; set; }
    [Display(Name = "CallEditor.TitleEn")] public string? TitleEn { get; set; }
    [Display(Name = "CallEditor.DescriptionFr")] public string? DescriptionFr { get; set; }
    [Display(Name = "CallEditor.DescriptionEn")] public string? DescriptionEn { get; set; }
    [Display(Name = "CallEditor.TimeZone")] public string TimeZone { get; set; } = CallDefaults.TimeZone;
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

    /// <summary>One criterion with what it asks reviewers and the words of its scale.</summary>
    public sealed class CriterionRow
    {
        public string? Key { get; set; }
        public string? LabelFr { get; set; }
        public string? LabelEn { get; set; }
        public string? DescriptionFr { get; set; }
        public string? DescriptionEn { get; set; }
        public decimal? Weight { get; set; }
        public int? ScaleMax { get; set; } = 5;
        public decimal? PassMark { get; set; }
        public List<AnchorRow> Anchors { get; set; } = [];
    }

    /// <summary>One step of a criterion's scale: a score and what it means.</summary>
    public sealed class AnchorRow
    {
        public int? Score { get; set; }
        public string? LabelFr { get; set; }
        public string? LabelEn { get; set; }
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

    /// <summary>Grant terms: tranches, reports and indicators as rows.</summary>
    public sealed class GrantTermsForm
    {
        [Display(Name = "CallEditor.Grant.DurationMonths")] public int DurationMonths { get; set; } = 24;
        public List<TrancheRow> Tranches { get; set; } = [];
        public List<ReportRow> Reports { get; set; } = [];
        public List<IndicatorRow> Indicators { get; set; } = [];
        [Display(Name = "CallEditor.Grant.ReminderDaysBefore")] public int ReminderDaysBefore { get; set; } = 14;
    }

    /// <summary>A payment tranche: its key, share in percent, and the report whose approval releases it (none: at signature).</summary>
    public sealed class TrancheRow
    {
        public string? Key { get; set; }
        public decimal? Percent { get; set; }
        public string? AfterReport { get; set; }
    }

    /// <summary>A progress report due some months after the start.</summary>
    public sealed class ReportRow
    {
        public string? Key { get; set; }
        public string? LabelFr { get; set; }
        public string? LabelEn { get; set; }
        public int? MonthsAfterStart { get; set; }
    }

    /// <summary>A figure asked in every report.</summary>
    public sealed class IndicatorRow
    {
        public string? Key { get; set; }
        public string? LabelFr { get; set; }
        public string? LabelEn { get; set; }
    }
}
