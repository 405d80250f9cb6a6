using CallManager.Domain.Common;

namespace CallManager.Domain.Calls;

/// <summary>Checks a <see cref="CallInput"/> and copies it onto a call; every problem is named by its field.</summary>
public static class CallValidator
{
    /// <summary>Validates <paramref name="input"/> and applies it to <paramref name="call"/>, or throws Invalid with every problem.</summary>
    public static void Apply(CallInput input, Call call)
    {
        var errors = new Dictionary<string, LocalizableText[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (string.IsNullOrWhiteSpace(input.TitleFr)) Add("titleFr", "The French title is required.");
        if (string.IsNullOrWhiteSpace(input.Code)) Add("code", "A short code (e.g. PTCE-2027) is required; it prefixes dossier numbers.");
        if (input.Budget <= 0) Add("budget", "The budget envelope must be more than 0 €.");
        if (input.MaxGrant <= 0) Add("maxGrant", "The maximum grant must be more than 0 €.");
        else if (input.MaxGrant > input.Budget) Add("maxGrant", "The maximum grant cannot exceed the budget envelope.");
        if (decimal.Round(input.Budget, 2) != input.Budget) Add("budget", "The budget envelope is an amount in euros with at most 2 decimals.");
        if (decimal.Round(input.MaxGrant, 2) != input.MaxGrant) Add("maxGrant", "The maximum grant is an amount in euros with at most 2 decimals.");
        if (input.GraceMinutes is < 0 or > 24 * 60) Add("graceMinutes", "The grace period must be between 0 and 1440 minutes.");
        var zone = CallClock.Zone(string.IsNullOrWhiteSpace(input.TimeZone) ? "Europe/Paris" : input.TimeZone);
        CheckCriteria(input, Add);
        CheckReview(input.Review ?? new ReviewSettings(), Add);
        CheckGrantTerms(input.GrantTerms ?? new GrantTerms(), Add);
        CheckForm(input.Form ?? new ApplicationForm(), Add);
        if (input.Phases is null) Add("phases", "The phases (opensAt, submissionDeadline, reviewDeadline, deliberationAt, resultsAt) are required.");
        if (errors.Count > 0) throw DomainException.Invalid($"The call is not valid: {LocalizableText.Join(" ", errors.SelectMany(e => e.Value))}", errors);

        var p = input.Phases!;
        var instants = new[]
        {
            ("opensAt", CallClock.ToInstant(p.OpensAt, zone, "phases.opensAt")),
            ("submissionDeadline", CallClock.ToInstant(p.SubmissionDeadline, zone, "phases.submissionDeadline")),
            ("reviewDeadline", CallClock.ToInstant(p.ReviewDeadline, zone, "phases.reviewDeadline")),
            ("deliberationAt", CallClock.ToInstant(p.DeliberationAt, zone, "phases.deliberationAt")),
            ("resultsAt", CallClock.ToInstant(p.ResultsAt, zone, "phases.resultsAt")),
        };
        for (var i = 1; i < instants.Length; i++)
        {
            if (instants[i].Item2 <= instants[i - 1].Item2)
                Add("phases." + instants[i].Item1, $"{instants[i].Item1} must come after {instants[i - 1].Item1}.");
        }
        if (errors.Count > 0) throw DomainException.Invalid($"The phases are out of order: {LocalizableText.Join(" ", errors.SelectMany(e => e.Value))}", errors);

        call.Code = input.Code!.Trim();
        call.TitleFr = input.TitleFr!.Trim();
        call.TitleEn = input.TitleEn?.Trim() ?? "";
        call.DescriptionFr = input.DescriptionFr ?? "";
        call.DescriptionEn = input.DescriptionEn ?? "";
        call.TimeZone = zone.Id;
        call.Budget = input.Budget;
        call.MaxGrant = input.MaxGrant;
        (call.OpensAt, call.SubmissionDeadline, call.ReviewDeadline, call.DeliberationAt, call.ResultsAt) =
            (instants[0].Item2, instants[1].Item2, instants[2].Item2, instants[3].Item2, instants[4].Item2);
        call.Criteria = input.Criteria ?? [];
        call.Threshold = input.Threshold;
        call.TieBreakOrder = input.TieBreakOrder ?? [];
        call.EligibilityRules = input.EligibilityRules ?? [];
        call.Form = input.Form ?? new ApplicationForm();
        call.CallWorkflowId = string.IsNullOrWhiteSpace(input.CallWorkflowId) ? "ptce-call" : input.CallWorkflowId;
        call.ApplicationWorkflowId = string.IsNullOrWhiteSpace(input.ApplicationWorkflowId) ? "ptce-application" : input.ApplicationWorkflowId;
        call.GraceMinutes = input.GraceMinutes;
        call.ComplaintWindowDays = input.ComplaintWindowDays;
        call.Review = input.Review ?? new ReviewSettings();
        call.GrantTerms = input.GrantTerms ?? new GrantTerms();
    }

    private static void CheckReview(ReviewSettings r, Action<string, string> add)
    {
        if (r.ReviewersPerDossier is < 1 or > 20) add("review.reviewersPerDossier", "Reviewers per dossier must be between 1 and 20.");
        if (r.MaxLoadPerReviewer < 1) add("review.maxLoadPerReviewer", "The maximum load per reviewer must be at least 1.");
        if (r.DisagreementThreshold < 0) add("review.disagreementThreshold", "The disagreement threshold cannot be negative.");
        if (r.ReminderDaysBefore is < 0 or > 60) add("review.reminderDaysBefore", "Reminder days must be between 0 and 60.");
    }

    private static void CheckGrantTerms(GrantTerms g, Action<string, string> add)
    {
        if (g.DurationMonths is < 1 or > 120) add("grantTerms.durationMonths", "The grant duration must be between 1 and 120 months.");
        if (g.Tranches.Count == 0) add("grantTerms.tranches", "At least one payment tranche is required.");
        else if (g.Tranches.Sum(t => t.Percent) != 100) add("grantTerms.tranches", $"The tranches add up to {g.Tranches.Sum(t => t.Percent)} %; they must add up to 100 %.");
        if (g.Tranches.Select(t => t.Key).Distinct().Count() != g.Tranches.Count) add("grantTerms.tranches", "Tranche keys must be unique.");
        if (g.Reports.Select(t => t.Key).Distinct().Count() != g.Reports.Count) add("grantTerms.reports", "Report keys must be unique.");
        foreach (var t in g.Tranches.Where(t => t.AfterReport is not null && g.Reports.All(r => r.Key != t.AfterReport)))
            add("grantTerms.tranches", $"Tranche '{t.Key}' waits for report '{t.AfterReport}', which is not in the report schedule.");
        foreach (var r in g.Reports.Where(r => r.MonthsAfterStart < 0 || r.MonthsAfterStart > g.DurationMonths))
            add("grantTerms.reports", $"Report '{r.Key}' is due {r.MonthsAfterStart} months after the start; it must fall within the {g.DurationMonths} months of the grant.");
    }

    private static void CheckCriteria(CallInput input, Action<string, string> add)
    {
        var criteria = input.Criteria ?? [];
        if (criteria.Count == 0) { add("criteria", "At least one criterion is required."); return; }
        if (criteria.Select(c => c.Key).Distinct().Count() != criteria.Count) add("criteria", "Criterion keys must be unique.");
        foreach (var c in criteria)
        {
            if (string.IsNullOrWhiteSpace(c.Key)) add("criteria", "Every criterion needs a key.");
            if (c.Weight <= 0) add("criteria", $"Criterion '{c.Key}': the weight must be more than 0.");
            if (c.ScaleMax <= 0) add("criteria", $"Criterion '{c.Key}': the scale maximum must be more than 0.");
            if (c.PassMark is { } m && (m < 0 || m > c.ScaleMax)) add("criteria", $"Criterion '{c.Key}': the pass mark must lie between 0 and {c.ScaleMax}.");
        }
        if (criteria.Sum(c => c.Weight) != 100) add("criteria", $"The criterion weights add up to {criteria.Sum(c => c.Weight)}; they must add up to 100.");
        foreach (var key in input.TieBreakOrder ?? [])
            if (criteria.All(c => c.Key != key)) add("tieBreakOrder", $"'{key}' is not a criterion key.");
        if (input.Threshold is < 0 or > 100) add("threshold", "The overall threshold is a weighted total between 0 and 100.");
        foreach (var c in criteria)
            foreach (var a in c.Anchors ?? [])
                if (a.Score < 0 || a.Score > c.ScaleMax) add("criteria", $"Criterion '{c.Key}': anchor {a.Score} lies outside the scale 0–{c.ScaleMax}.");
    }

    private static void CheckForm(ApplicationForm form, Action<string, string> add)
    {
        var keys = form.Fields.Select(f => f.Key).ToList();
        if (keys.Distinct().Count() != keys.Count) add("form", "Field keys must be unique across the form.");
        foreach (var f in form.Fields)
        {
            if (string.IsNullOrWhiteSpace(f.Key)) add("form", "Every field needs a key.");
            if (f.Type is FieldType.SingleChoice or FieldType.MultipleChoice && f.Choices.Count == 0)
                add("form", $"Field '{f.Key}': a choice field needs choices.");
            foreach (var t in f.AllowedFileTypes)
                if (!FileTypeNames.Known.Contains(t)) add("form", $"Field '{f.Key}': unknown file type '{t}' (known: {string.Join(", ", FileTypeNames.Known)}).");
        }
    }
}

/// <summary>The file kinds CallManager recognises by content.</summary>
public static class FileTypeNames
{
    public static readonly string[] Known = ["pdf", "png", "jpeg", "docx", "xlsx", "odt", "ods"];
}
