using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;

namespace CallManager.Domain.Grants;

/// <summary>
/// The one place where a grant and its reports and tranches change state, with the tables of allowed moves.
/// Every change: the entity updated, an audit entry added, the beneficiary's mail enqueued (lead organisation's members,
/// each in their language) — all in the caller's unit of work, never saved here. Closure follows automatically.
/// </summary>
public sealed partial class GrantLifecycle(CallManagerDbContext db, AuditLog audit, GrantMails mails, TimeProvider clock)
{
    /// <summary>Allowed grant moves.</summary>
    public static readonly IReadOnlyDictionary<GrantStatus, GrantStatus[]> Allowed = new Dictionary<GrantStatus, GrantStatus[]>
    {
        [GrantStatus.AwaitingSignature] = [GrantStatus.Active, GrantStatus.Cancelled],
        [GrantStatus.Active] = [GrantStatus.Closed, GrantStatus.Cancelled],
        [GrantStatus.Closed] = [],
        [GrantStatus.Cancelled] = [],
    };

    /// <summary>Allowed report moves (ChangesRequested → Submitted is a resubmission).</summary>
    public static readonly IReadOnlyDictionary<GrantReportStatus, GrantReportStatus[]> AllowedReport = new Dictionary<GrantReportStatus, GrantReportStatus[]>
    {
        [GrantReportStatus.Due] = [GrantReportStatus.Submitted],
        [GrantReportStatus.Submitted] = [GrantReportStatus.Approved, GrantReportStatus.ChangesRequested],
        [GrantReportStatus.ChangesRequested] = [GrantReportStatus.Submitted],
        [GrantReportStatus.Approved] = [],
    };

    private async Task MoveAsync(Grant grant, GrantStatus to, Actor actor, string action, object? details, CancellationToken ct)
    {
        if (!Allowed[grant.Status].Contains(to))
            throw DomainException.Conflict($"A grant that is {grant.Status} cannot become {to}.");
        var from = grant.Status;
        grant.Status = to;
        Touch(grant);
        await audit.AppendAsync(actor, nameof(Grant), grant.Id, grant.CallId, action, new { status = from }, new { status = to, details }, ct);
    }

    private async Task MoveReportAsync(Grant grant, GrantReport report, GrantReportStatus to, Actor actor, string action, object? details, CancellationToken ct)
    {
        if (!AllowedReport[report.Status].Contains(to))
            throw DomainException.Conflict($"The {report.Key} report is {report.Status}; it cannot become {to}.");
        var from = report.Status;
        report.Status = to;
        Touch(grant);
        await audit.AppendAsync(actor, nameof(GrantReport), report.Id, grant.CallId, action,
            new { grant = grant.Id, report = report.Key, status = from }, new { grant = grant.Id, report = report.Key, status = to, details }, ct);
    }

    /// <summary>Marks the grant changed, so that its version guards concurrent changes of its reports and tranches.</summary>
    private void Touch(Grant grant) => grant.UpdatedAt = clock.GetUtcNow();

    /// <summary>
    /// Signs the agreement: signed and start dates (end date defaults to start plus the call's duration), report due dates,
    /// tranches due at signature become payable. Side effects: audit "grant.signed", mail grant-agreement-signed.
    /// </summary>
    public async Task SignAsync(Grant grant, Call call, AgreementInput input, Actor actor, CancellationToken ct = default)
    {
        var zone = CallClock.Zone(call.TimeZone);
        var (signed, start, end) = ValidateAgreement(input, call, GrantSchedule.Today(clock.GetUtcNow(), zone));
        if (grant.Status != GrantStatus.AwaitingSignature)
            throw DomainException.Conflict($"The agreement of this grant is already signed (the grant is {grant.Status}).");
        grant.SignedDate = signed;
        grant.StartDate = start;
        grant.EndDate = end;
        GrantSchedule.SetDueDates(grant.Reports, start, zone);
        foreach (var tranche in grant.Tranches.Where(t => t.AfterReport is null)) tranche.PayableSince = clock.GetUtcNow();
        await MoveAsync(grant, GrantStatus.Active, actor, "grant.signed", new { signed, start, end }, ct);
        await mails.SendAsync(grant, call, GrantMails.AgreementSigned, language => new
        {
            start = GrantMails.Date(start, language), end = GrantMails.Date(end, language),
            reports = grant.Reports.OrderBy(r => r.Position).Select(r => new { label = r.Label(language), due = GrantMails.Date(r.DueDate!.Value, language) }).ToList(),
            payable = GrantMails.Money(grant.Tranches.Where(t => t.PayableSince is not null).Sum(t => t.Amount), language),
        }, ct);
    }

    private static (DateOnly Signed, DateOnly Start, DateOnly End) ValidateAgreement(AgreementInput input, Call call, DateOnly today)
    {
        var errors = new Dictionary<string, LocalizableText[]>();
        if (input.SignedDate is null) errors["signedDate"] = ["Give the day the agreement was signed (yyyy-mm-dd)."];
        else if (input.SignedDate > today) errors["signedDate"] = [$"The signature date {input.SignedDate:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in {call.TimeZone})."];
        if (input.StartDate is null) errors["startDate"] = ["Give the day the funded project starts (yyyy-mm-dd)."];
        var end = input.EndDate ?? input.StartDate?.AddMonths(call.GrantTerms.DurationMonths);
        if (input.StartDate is not null && end <= input.StartDate) errors["endDate"] = ["The end date must come after the start date."];
        if (errors.Count > 0)
            throw DomainException.Invalid($"The agreement cannot be signed: {LocalizableText.Join(" ", errors.Values.SelectMany(v => v))}", errors);
        return (input.SignedDate!.Value, input.StartDate!.Value, end!.Value);
    }

    /// <summary>
    /// Cancels a grant that is not closed (its dossier was withdrawn or is no longer selected). Side effect: audit
    /// "grant.cancelled"; no mail (the withdrawal or the complaint's outcome is mailed by the stage that made it).
    /// </summary>
    public async Task CancelAsync(Grant grant, Actor actor, string reason, CancellationToken ct = default)
    {
        grant.CancelledAt = clock.GetUtcNow();
        await MoveAsync(grant, GrantStatus.Cancelled, actor, "grant.cancelled", new { reason }, ct);
    }

    /// <summary>
    /// Closes the grant when every report is approved and every tranche paid. Side effects: audit "grant.closed",
    /// mail grant-closed. Returns whether it closed.
    /// </summary>
    public async Task<bool> CloseIfCompleteAsync(Grant grant, Call call, Actor actor, CancellationToken ct = default)
    {
        if (grant.Status != GrantStatus.Active) return false;
        if (grant.Reports.Any(r => r.Status != GrantReportStatus.Approved) || grant.Tranches.Any(t => t.PaidOn is null)) return false;
        grant.ClosedAt = clock.GetUtcNow();
        await MoveAsync(grant, GrantStatus.Closed, actor, "grant.closed", new { paid = grant.Tranches.Sum(t => t.Amount) }, ct);
        await mails.SendAsync(grant, call, GrantMails.Closed, language => new { paid = GrantMails.Money(grant.Tranches.Sum(t => t.Amount), language) }, ct);
        return true;
    }
}

/// <summary>The agreement an administrator records: signature day, start day and optionally end day (call's time zone).</summary>
public sealed record AgreementInput(DateOnly? SignedDate, DateOnly? StartDate, DateOnly? EndDate = null);
