using System.Globalization;
using CallManager.Domain.Calls;

namespace CallManager.Web.Pages.Admin.Calls;

public sealed partial class CallForm
{
    /// <summary>A new draft's starting point: one criterion, one section with one field, default phases from next month.</summary>
    public static CallForm NewDraft(DateTime localToday)
    {
        var opens = localToday.Date.AddMonths(1).AddHours(9);
        return new CallForm
        {
            Phases = new() { OpensAt = opens, SubmissionDeadline = opens.AddMonths(1).AddHours(3), ReviewDeadline = opens.AddMonths(2),
                DeliberationAt = opens.AddMonths(2).AddDays(14), ResultsAt = opens.AddMonths(3) },
            Criteria = [new CriterionRow { Weight = 100 }],
            Form = [new SectionRow { Fields = [new FieldRow()] }],
            GrantTerms = FromTerms(new GrantTerms()),
            CallWorkflowId = "ptce-call",
            ApplicationWorkflowId = "ptce-application",
        };
    }

    /// <summary>The form showing <paramref name="c"/> as stored.</summary>
    public static CallForm From(CallView c) => new()
    {
        Code = c.Code, TitleFr = c.TitleFr, TitleEn = c.TitleEn, DescriptionFr = c.DescriptionFr, DescriptionEn = c.DescriptionEn,
        TimeZone = c.TimeZone, Budget = c.Budget, MaxGrant = c.MaxGrant,
        Phases = new() { OpensAt = c.Phases.OpensAt, SubmissionDeadline = c.Phases.SubmissionDeadline, ReviewDeadline = c.Phases.ReviewDeadline,
            DeliberationAt = c.Phases.DeliberationAt, ResultsAt = c.Phases.ResultsAt },
        Criteria = c.Criteria.Select(k => new CriterionRow { Key = k.Key, LabelFr = k.LabelFr, LabelEn = k.LabelEn, Weight = k.Weight,
            ScaleMax = k.ScaleMax, PassMark = k.PassMark, Anchors = Lines(k.Anchors ?? [], a => [a.Score.ToString(CultureInfo.InvariantCulture), a.LabelFr, a.LabelEn]) }).ToList(),
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

    /// <summary>The call input this form describes; lines that cannot be read are reported to <paramref name="problem"/> by field name.</summary>
    public CallInput ToInput(Action<string, string> problem)
    {
        var p = Phases;
        var phases = p.OpensAt is { } o && p.SubmissionDeadline is { } s && p.ReviewDeadline is { } r && p.DeliberationAt is { } d && p.ResultsAt is { } res
            ? new CallPhasesInput(o, s, r, d, res) : null;
        var criteria = Criteria.Select((k, i) => new Criterion(Trim(k.Key), Trim(k.LabelFr), Trim(k.LabelEn), k.Weight ?? 0, k.ScaleMax ?? 0, k.PassMark,
            Anchors: Parse(k.Anchors, 3, $"Input.Criteria[{i}].Anchors", problem, a => new ScaleAnchor(int.Parse(a[0], CultureInfo.InvariantCulture), a[1], a[2])))).ToList();
        var rules = EligibilityRules.Select(x => new EligibilityRule(Trim(x.Key), x.Kind, NullIfEmpty(x.Field), List(x.Values, ','), x.Count, x.SocialEconomyCount,
            NullIfEmpty(x.MessageFr), NullIfEmpty(x.MessageEn))).ToList();
        var form = new ApplicationForm { Sections = Form.Select(sec => new FormSection { Key = Trim(sec.Key), TitleFr = Trim(sec.TitleFr), TitleEn = Trim(sec.TitleEn),
            Fields = sec.Fields.Select(f => new FormField
            {
                Key = Trim(f.Key), LabelFr = Trim(f.LabelFr), LabelEn = Trim(f.LabelEn), Type = f.Type, Required = f.Required, MaxLength = f.MaxLength,
                Min = f.Min, Max = f.Max, Choices = List(f.Choices, '\n'), AllowedFileTypes = f.FileTypes.Where(t => t.Length > 0).ToList(),
                MaxFileSize = f.MaxFileSizeMb is { } mb ? (long)(mb * 1024 * 1024) : null, Personal = f.Personal,
            }).ToList() }).ToList() };
        return new CallInput(Code, TitleFr, TitleEn, DescriptionFr, DescriptionEn, TimeZone, Budget ?? 0, MaxGrant ?? 0, phases, criteria,
            Threshold, List(TieBreakOrder, ','), rules, form, CallWorkflowId, ApplicationWorkflowId, GraceMinutes, ComplaintWindowDays, Review, ToTerms(problem));
    }

    private GrantTerms ToTerms(Action<string, string> problem) => new()
    {
        DurationMonths = GrantTerms.DurationMonths,
        ReminderDaysBefore = GrantTerms.ReminderDaysBefore,
        Tranches = Parse(GrantTerms.Tranches, 2, "Input.GrantTerms.Tranches", problem,
            t => new TrancheTerm(t[0], Number(t[1]), t.Length > 2 && t[2].Length > 0 ? t[2] : null)),
        Reports = Parse(GrantTerms.Reports, 4, "Input.GrantTerms.Reports", problem,
            t => new ReportTerm(t[0], t[1], t[2], int.Parse(t[3], CultureInfo.InvariantCulture))),
        Indicators = Parse(GrantTerms.Indicators, 3, "Input.GrantTerms.Indicators", problem, t => new IndicatorTerm(t[0], t[1], t[2])),
    };

    private static GrantTermsForm FromTerms(GrantTerms g) => new()
    {
        DurationMonths = g.DurationMonths, ReminderDaysBefore = g.ReminderDaysBefore,
        Tranches = Lines(g.Tranches, t => [t.Key, t.Percent.ToString("0.##", CultureInfo.InvariantCulture), t.AfterReport ?? ""]),
        Reports = Lines(g.Reports, r => [r.Key, r.LabelFr, r.LabelEn, r.MonthsAfterStart.ToString(CultureInfo.InvariantCulture)]),
        Indicators = Lines(g.Indicators, i => [i.Key, i.LabelFr, i.LabelEn]),
    };

    private static string Lines<T>(IEnumerable<T> items, Func<T, string[]> parts) =>
        string.Join("\n", items.Select(i => string.Join(" | ", parts(i)).TrimEnd(' ', '|')));

    /// <summary>Reads "a | b | c" lines with at least <paramref name="minParts"/> parts; an unreadable line is a problem on <paramref name="field"/>.</summary>
    private static List<T> Parse<T>(string? text, int minParts, string field, Action<string, string> problem, Func<string[], T> make)
    {
        var items = new List<T>();
        foreach (var (line, number) in (text ?? "").Split('\n').Select((l, i) => (l.Trim(), i + 1)).Where(x => x.Item1.Length > 0))
        {
            var parts = line.Split('|').Select(x => x.Trim()).ToArray();
            try
            {
                if (parts.Length < minParts) throw new FormatException();
                items.Add(make(parts));
            }
            catch (FormatException) { problem(field, number.ToString(CultureInfo.InvariantCulture)); }
        }
        return items;
    }

    private static decimal Number(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) || decimal.TryParse(text, NumberStyles.Number, CultureInfo.CurrentCulture, out n)
            ? n : throw new FormatException();

    private static List<string> List(string? text, char separator) =>
        (text ?? "").Split(separator).Select(x => x.Trim()).Where(x => x.Length > 0).ToList();

    private static string Trim(string? text) => text?.Trim() ?? "";

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
