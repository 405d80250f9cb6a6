namespace CallManager.Domain.Grants;

/// <summary>A grant as the API and pages show it.</summary>
public sealed record GrantView(Guid Id, Guid ApplicationId, Guid CallId, Guid LeadOrganisationId, string Reference, string Title, decimal Amount,
    GrantStatus Status, DateOnly? SignedDate, DateOnly? StartDate, DateOnly? EndDate, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt,
    decimal Paid, List<TrancheView> Tranches, List<ReportView> Reports, List<IndicatorView> Indicators)
{
    /// <summary>Whether a payment can be recorded on this grant (the rule of <see cref="Grant.AcceptsPayments"/>).</summary>
    public bool AcceptsPayments => Grant.AcceptsPayments(Status);

    /// <summary>Whether reports are expected on this grant (the rule of <see cref="Grant.ExpectsReports"/>).</summary>
    public bool ExpectsReports => Grant.ExpectsReports(Status);

    /// <summary>The view of <paramref name="grant"/>; <paramref name="now"/> decides which reports are overdue.</summary>
    public static GrantView From(Grant grant, Calls.GrantTerms terms, DateTimeOffset now, string language) => new(
        grant.Id, grant.ApplicationId, grant.CallId, grant.LeadOrganisationId, grant.Reference, grant.Title, grant.Amount, grant.Status,
        grant.SignedDate, grant.StartDate, grant.EndDate, grant.OpenedAt, grant.ClosedAt,
        grant.Tranches.Where(t => t.PaidOn is not null).Sum(t => t.Amount),
        grant.Tranches.OrderBy(t => t.Position).Select(t => TrancheView.From(t, grant, language)).ToList(),
        grant.Reports.OrderBy(r => r.Position).Select(r => ReportView.From(r, grant.Status, now, language)).ToList(),
        terms.Indicators.Select(i => new IndicatorView(i.Key, language == "en" ? i.LabelEn : i.LabelFr)).ToList())
    {
        Agreement = grant.AgreementAcceptedAt is { } at ? new AgreementAcceptanceView(grant.AgreementAcceptedBy!, grant.AgreementAcceptedByName, at, grant.AgreementSha256!) : null,
    };

    /// <summary>The call's time zone, in which instants are shown (set by the lists that serve pages).</summary>
    public string TimeZone { get; init; } = "Europe/Paris";

    /// <summary>Who accepted the agreement online, when, and the SHA-256 of the document they accepted; null when it was signed otherwise or not yet.</summary>
    public AgreementAcceptanceView? Agreement { get; init; }

    /// <summary>What is still to be paid of the granted amount (nothing on a cancelled grant).</summary>
    [System.Text.Json.Serialization.JsonIgnore] // a reading aid of the pages; the API keeps its fields
    public decimal Due => Status == GrantStatus.Cancelled ? 0m : Amount - Paid;

    /// <summary>The first tranche not yet paid, in the order of the agreement; null once all are paid or the grant is cancelled.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // a reading aid of the pages; the API keeps its fields
    public TrancheView? NextTranche => Status == GrantStatus.Cancelled ? null : Tranches.FirstOrDefault(t => t.PaidOn is null);

    /// <summary>The report expected next from the beneficiary (outstanding, soonest due), or the next one to review; null when none is expected.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // a reading aid of the pages; the API keeps its fields
    public ReportView? NextReport => !ExpectsReports ? null
        : Reports.Where(r => r.Status is not GrantReportStatus.Approved).OrderBy(r => r.DueAt ?? DateTimeOffset.MaxValue).ThenBy(r => r.MonthsAfterStart).FirstOrDefault();

    /// <summary>True when a report of this grant is overdue.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // a reading aid of the pages; the API keeps its fields
    public bool Overdue => Reports.Any(r => r.Overdue);

    /// <summary>
    /// The order of the administrators' board: grants with an overdue report first (the longest overdue first), then by the next date
    /// that asks for action (a report due or a tranche expected), then by reference.
    /// </summary>
    public static IEnumerable<GrantView> BoardOrder(IEnumerable<GrantView> grants) =>
        grants.OrderByDescending(g => g.Overdue)
            .ThenBy(g => g.Reports.Where(r => r.Overdue).Select(r => r.DueAt).Min() ?? DateTimeOffset.MaxValue)
            .ThenBy(g => new[] { g.NextReport?.DueDate, g.NextTranche?.ExpectedOn }.Where(d => d is not null).Min() ?? DateOnly.MaxValue)
            .ThenBy(g => g.Reference, StringComparer.Ordinal);
}

/// <summary>The beneficiary's online acceptance of the agreement: who, when, and the hash of the exact document.</summary>
public sealed record AgreementAcceptanceView(string UserId, string? Name, DateTimeOffset At, string Sha256);

/// <summary>A tranche: amount and state (Pending, Payable, Paid), its name and condition for people, the day it is expected to become payable.</summary>
public sealed record TrancheView(Guid Id, string Key, decimal Percent, decimal Amount, string? AfterReport, string State,
    DateTimeOffset? PayableSince, DateOnly? PaidOn, string? RecordedBy, string Label, string Condition, DateOnly? ExpectedOn)
{
    public static TrancheView From(GrantTranche t, Grant grant, string language) => new(t.Id, t.Key, t.Percent, t.Amount, t.AfterReport, t.State,
        t.PayableSince, t.PaidOn, t.RecordedBy, GrantLabels.Tranche(t, grant.Reports, language), GrantLabels.Condition(t, grant.Reports, language),
        GrantLabels.ExpectedOn(grant, t));
}

/// <summary>A report: due date, status, overdue flag, document, figures and history.</summary>
public sealed record ReportView(Guid Id, string Key, string Label, DateOnly? DueDate, DateTimeOffset? DueAt, GrantReportStatus Status, bool Overdue,
    string? DocumentName, string? DocumentType, long? DocumentSize, Dictionary<string, decimal> Indicators, List<GrantReportEvent> History)
{
    /// <summary>Months after the project's start the report is due (what to show before the agreement is signed).</summary>
    public int MonthsAfterStart { get; init; }

    /// <summary>The narrative sent with the last submission.</summary>
    public string? Narrative { get; init; }

    /// <summary>What the beneficiary saved as a draft, if anything.</summary>
    public ReportDraft? Draft { get; init; }

    /// <summary>The view of <paramref name="r"/>: overdue when outstanding past its due instant on a grant that still expects reports (<paramref name="grantStatus"/>).</summary>
    public static ReportView From(GrantReport r, GrantStatus grantStatus, DateTimeOffset now, string language) => new(r.Id, r.Key, r.Label(language),
        r.DueDate, r.DueAt, r.Status, Grant.ExpectsReports(grantStatus) && r.Outstanding && r.DueAt <= now, r.DocumentName, r.DocumentType, r.DocumentSize,
        r.Indicators, r.History) { MonthsAfterStart = r.MonthsAfterStart, Narrative = r.Narrative, Draft = r.Draft };
}

/// <summary>An indicator asked in every report.</summary>
public sealed record IndicatorView(string Key, string Label);

/// <summary>
/// A line of the grants list: nothing payable on a grant that accepts no payments (<see cref="Grant.AcceptsPayments"/>), no report
/// overdue nor next due on a grant that expects no reports (<see cref="Grant.ExpectsReports"/>); the tranches and reports keep their states.
/// </summary>
public sealed record GrantSummary(Guid Id, Guid CallId, string Reference, string Title, decimal Amount, GrantStatus Status, decimal Paid,
    decimal Payable, int ReportsOverdue, DateOnly? NextDueDate)
{
    /// <summary>The line of <paramref name="grant"/> (tranches and reports loaded); <paramref name="now"/> decides which reports are overdue.</summary>
    public static GrantSummary From(Grant grant, DateTimeOffset now)
    {
        var payments = Grant.AcceptsPayments(grant.Status);
        var outstanding = Grant.ExpectsReports(grant.Status) ? grant.Reports.Where(r => r.Outstanding).ToList() : [];
        return new(grant.Id, grant.CallId, grant.Reference, grant.Title, grant.Amount, grant.Status,
            grant.Tranches.Where(t => t.State == "Paid").Sum(t => t.Amount),
            payments ? grant.Tranches.Where(t => t.State == "Payable").Sum(t => t.Amount) : 0m,
            outstanding.Count(r => r.DueAt <= now), outstanding.Min(r => r.DueDate));
    }
}

/// <summary>Filters of the grants list (administrators).</summary>
public sealed record GrantFilter(Guid? CallId = null, GrantStatus? Status = null);
