using CallManager.Domain.Calls;

namespace CallManager.Web.Pages.Admin.Calls;

public sealed partial class CallForm
{
    /// <summary>The form showing <paramref name="c"/> as stored.</summary>
    public static CallForm From(CallView c) => new()
    {
        Code = c.Code, TitleFr = c.TitleFr, TitleEn = c.TitleEn, DescriptionFr = c.DescriptionFr, DescriptionEn = c.DescriptionEn,
        TimeZone = c.TimeZone, Budget = c.Budget, MaxGrant = c.MaxGrant,
        Phases = new() { OpensAt = c.Phases.OpensAt, SubmissionDeadline = c.Phases.SubmissionDeadline, ReviewDeadline = c.Phases.ReviewDeadline,
            DeliberationAt = c.Phases.DeliberationAt, ResultsAt = c.Phases.ResultsAt },
        Criteria = c.Criteria.Select(k => new CriterionRow { Key = k.Key, LabelFr = k.LabelFr, LabelEn = k.LabelEn, DescriptionFr = k.DescriptionFr,
            DescriptionEn = k.DescriptionEn, Weight = k.Weight, ScaleMax = k.ScaleMax, PassMark = k.PassMark,
            Anchors = (k.Anchors ?? []).Select(a => new AnchorRow { Score = a.Score, LabelFr = a.LabelFr, LabelEn = a.LabelEn }).ToList() }).ToList(),
        Threshold = c.Threshold, TieBreakOrder = string.Join(", ", c.TieBreakOrder),
        EligibilityRules = c.EligibilityRules.Select(r => new RuleRow { Key = r.Key, Kind = r.Kind, Field = r.Field, Values = string.Join(", ", r.Values ?? []),
            Count = r.Count, SocialEconomyCount = r.SocialEconomyCount, MessageFr = r.MessageFr, MessageEn = r.MessageEn }).ToList(),
        Form = c.Form.Sections.Select(s => new SectionRow { Key = s.Key, TitleFr = s.TitleFr, TitleEn = s.TitleEn, Fields = s.Fields.Select(f => new FieldRow
        {
            Key = f.Key, LabelFr = f.LabelFr, LabelEn = f.LabelEn, Type = f.Type, Required = f.Required, MaxLength = f.MaxLength, Min = f.Min, Max = f.Max,
            Choices = string.Join("\n", f.Choices), FileTypes = [.. f.AllowedFileTypes], MaxFileSizeMb = f.MaxFileSize / (1024m * 1024m), Personal = f.Personal,
        }).ToList() }).ToList(),
        CallWorkflowId = c.CallWorkflowId, ApplicationWorkflowId = c.ApplicationWorkflowId, GraceMinutes = c.GraceMinutes,
        ComplaintWindowDays = c.ComplaintWindowDays, Review = c.Review, GrantTerms = FromTerms(c.GrantTerms),
    };

    /// <summary>The call input this form describes: empty rows are left out, and a field keeps only the options of its type.</summary>
    public CallInput ToInput()
    {
        var p = Phases;
        var phases = p.OpensAt is { } o && p.SubmissionDeadline is { } s && p.ReviewDeadline is { } r && p.DeliberationAt is { } d && p.ResultsAt is { } res
            ? new CallPhasesInput(o, s, r, d, res) : null;
        var criteria = Criteria.Select(k => new Criterion(Trim(k.Key), Trim(k.LabelFr), Trim(k.LabelEn), k.Weight ?? 0, k.ScaleMax ?? 0, k.PassMark,
            NullIfEmpty(k.DescriptionFr), NullIfEmpty(k.DescriptionEn),
            k.Anchors.Where(a => a.Score is not null || !string.IsNullOrWhiteSpace(a.LabelFr)).Select(a => new ScaleAnchor(a.Score ?? 0, Trim(a.LabelFr), Trim(a.LabelEn))).ToList()))
            .ToList();
        var rules = EligibilityRules.Select(x => RuleSettings.Keep(new EligibilityRule(Trim(x.Key), x.Kind, NullIfEmpty(x.Field), List(x.Values, ','), x.Count,
            x.SocialEconomyCount, NullIfEmpty(x.MessageFr), NullIfEmpty(x.MessageEn)))).ToList();
        var form = new ApplicationForm { Sections = Form.Select(sec => new FormSection { Key = Trim(sec.Key), TitleFr = Trim(sec.TitleFr), TitleEn = Trim(sec.TitleEn),
            Fields = sec.Fields.Select(ToField).ToList() }).ToList() };
        return new CallInput(Code, TitleFr, TitleEn, DescriptionFr, DescriptionEn, TimeZone, Budget ?? 0, MaxGrant ?? 0, phases, criteria,
            Threshold, List(TieBreakOrder, ','), rules, form, CallWorkflowId, ApplicationWorkflowId, GraceMinutes, ComplaintWindowDays, Review, ToTerms());
    }

    /// <summary>A field with only the options its type uses (<see cref="FieldOptions"/>): a short text never carries file types left from another type.</summary>
    private static FormField ToField(FieldRow f)
    {
        var uses = FieldOptions.For(f.Type);
        return new FormField
        {
            Key = Trim(f.Key), LabelFr = Trim(f.LabelFr), LabelEn = Trim(f.LabelEn), Type = f.Type, Required = f.Required, Personal = f.Personal,
            MaxLength = uses.Contains(FieldOption.MaxLength) ? f.MaxLength : null,
            Min = uses.Contains(FieldOption.Range) ? f.Min : null,
            Max = uses.Contains(FieldOption.Range) ? f.Max : null,
            Choices = uses.Contains(FieldOption.Choices) ? List(f.Choices, '\n') : [],
            AllowedFileTypes = uses.Contains(FieldOption.Files) ? f.FileTypes.Where(t => t.Length > 0).ToList() : [],
            MaxFileSize = uses.Contains(FieldOption.Files) && f.MaxFileSizeMb is { } mb ? (long)(mb * 1024 * 1024) : null,
        };
    }

    private GrantTerms ToTerms() => new()
    {
        DurationMonths = GrantTerms.DurationMonths,
        ReminderDaysBefore = GrantTerms.ReminderDaysBefore,
        Tranches = GrantTerms.Tranches.Where(t => !string.IsNullOrWhiteSpace(t.Key) || t.Percent is not null)
            .Select(t => new TrancheTerm(Trim(t.Key), t.Percent ?? 0, NullIfEmpty(t.AfterReport))).ToList(),
        Reports = GrantTerms.Reports.Where(r => !string.IsNullOrWhiteSpace(r.Key) || !string.IsNullOrWhiteSpace(r.LabelFr))
            .Select(r => new ReportTerm(Trim(r.Key), Trim(r.LabelFr), Trim(r.LabelEn), r.MonthsAfterStart ?? 0)).ToList(),
        Indicators = GrantTerms.Indicators.Where(i => !string.IsNullOrWhiteSpace(i.Key) || !string.IsNullOrWhiteSpace(i.LabelFr))
            .Select(i => new IndicatorTerm(Trim(i.Key), Trim(i.LabelFr), Trim(i.LabelEn))).ToList(),
    };

    private static GrantTermsForm FromTerms(GrantTerms g) => new()
    {
        DurationMonths = g.DurationMonths, ReminderDaysBefore = g.ReminderDaysBefore,
        Tranches = g.Tranches.Select(t => new TrancheRow { Key = t.Key, Percent = t.Percent, AfterReport = t.AfterReport }).ToList(),
        Reports = g.Reports.Select(r => new ReportRow { Key = r.Key, LabelFr = r.LabelFr, LabelEn = r.LabelEn, MonthsAfterStart = r.MonthsAfterStart }).ToList(),
        Indicators = g.Indicators.Select(i => new IndicatorRow { Key = i.Key, LabelFr = i.LabelFr, LabelEn = i.LabelEn }).ToList(),
    };

    private static List<string> List(string? text, char separator) =>
        (text ?? "").Split(separator).Select(x => x.Trim()).Where(x => x.Length > 0).ToList();

    private static string Trim(string? text) => text?.Trim() ?? "";

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
