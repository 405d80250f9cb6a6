using CallManager.Domain.Calls;
using CallManager.Domain.Common;

namespace CallManager.Domain.Grants;

public sealed partial class GrantLifecycle
{
    /// <summary>
    /// Records a (re)submitted report: its stored document and validated figures. Side effects: history entry,
    /// audit "grant.report-submitted". Only on an active grant, for a report that is due or sent back for changes.
    /// </summary>
    public async Task SubmitReportAsync(Grant grant, GrantReport report, ReportDocument document, Dictionary<string, decimal> indicators, Actor actor,
        CancellationToken ct = default, string? narrative = null, string? answer = null)
    {
        EnsureCanSubmit(grant, report);
        var now = clock.GetUtcNow();
        report.Narrative = narrative;
        report.Draft = null; // what was being prepared is now sent
        report.DocumentKey = document.StorageKey;
        report.DocumentName = document.Name;
        report.DocumentType = document.ContentType;
        report.DocumentSize = document.Size;
        report.DocumentSha256 = document.Sha256;
        report.Indicators = indicators;
        report.SubmittedAt = now;
        report.History = [.. report.History, new GrantReportEvent(now, actor.UserId, "submitted", null, document.Name, document.Sha256, answer)];
        await MoveReportAsync(grant, report, GrantReportStatus.Submitted, actor, "grant.report-submitted",
            new { document.Sha256, document.Size, indicators }, ct);
    }

    /// <summary>
    /// Approves a submitted report: the tranches waiting for it become payable. Side effects: history entry, audit
    /// "grant.report-approved", mail grant-report-approved, closure when complete.
    /// </summary>
    public async Task ApproveReportAsync(Grant grant, GrantReport report, Call call, Actor actor, CancellationToken ct = default)
    {
        EnsureActive(grant);
        var now = clock.GetUtcNow();
        report.ApprovedAt = now;
        report.History = [.. report.History, new GrantReportEvent(now, actor.UserId, "approved")];
        var unlocked = grant.Tranches.Where(t => t.AfterReport == report.Key && t.PayableSince is null).ToList();
        foreach (var tranche in unlocked) tranche.PayableSince = now;
        await MoveReportAsync(grant, report, GrantReportStatus.Approved, actor, "grant.report-approved", new { payable = unlocked.Select(t => t.Key) }, ct);
        await mails.SendAsync(grant, call, GrantMails.ReportApproved, language => new
        {
            report = report.Label(language), payable = unlocked.Count > 0 ? GrantMails.Money(unlocked.Sum(t => t.Amount), language) : null,
        }, ct);
        await CloseIfCompleteAsync(grant, call, actor, ct);
    }

    /// <summary>
    /// Sends a submitted report back with the reasons (required). Side effects: history entry with the reasons, audit
    /// "grant.report-changes-requested", mail grant-report-changes quoting the reasons.
    /// </summary>
    public async Task RequestChangesAsync(Grant grant, GrantReport report, Call call, string? reasons, Actor actor, CancellationToken ct = default)
    {
        var text = reasons?.Trim() ?? "";
        if (text.Length == 0)
            throw DomainException.Invalid("Say what the beneficiary must change: the reasons are required.", new Dictionary<string, LocalizableText[]> { ["reasons"] = ["Required."] });
        if (text.Length > 4000)
            throw DomainException.Invalid("The reasons are longer than 4000 characters: shorten them.", new Dictionary<string, LocalizableText[]> { ["reasons"] = ["At most 4000 characters."] });
        EnsureActive(grant);
        report.History = [.. report.History, new GrantReportEvent(clock.GetUtcNow(), actor.UserId, "changes-requested", text)];
        await MoveReportAsync(grant, report, GrantReportStatus.ChangesRequested, actor, "grant.report-changes-requested", new { reasons = text }, ct);
        await mails.SendAsync(grant, call, GrantMails.ReportChanges, language => new
        {
            report = report.Label(language), reasons = text,
            due = report.DueDate is { } d ? GrantMails.Date(d, language) : null,
        }, ct);
    }

    /// <summary>
    /// Keeps what the beneficiary is preparing for a report that is still expected (no state change, no mail): figures as
    /// typed, narrative, answer to the requested changes. Side effect: the grant's version moves (concurrent edits are refused).
    /// </summary>
    public void SaveReportDraft(Grant grant, GrantReport report, ReportDraft draft)
    {
        EnsureCanSubmit(grant, report);
        report.Draft = draft;
        Touch(grant);
    }

    /// <summary>Refuses (Conflict) a submission on a grant that is not active or a report that is not expected.</summary>
    public static void EnsureCanSubmit(Grant grant, GrantReport report)
    {
        EnsureActive(grant);
        if (!report.Outstanding)
            throw DomainException.Conflict(report.Status == GrantReportStatus.Approved
                ? $"The {report.Key} report is already approved."
                : $"The {report.Key} report was submitted and awaits review: wait for the approval or a request for changes.");
    }

    private static void EnsureActive(Grant grant)
    {
        if (!Grant.ExpectsReports(grant.Status))
            throw DomainException.Conflict(grant.Status == GrantStatus.AwaitingSignature
                ? "The agreement of this grant is not signed yet: reports are handled once it is."
                : $"This grant is {grant.Status}; its reports can no longer change.");
    }
}

/// <summary>A report document already put in the attachment store, with its sniffed type.</summary>
public sealed record ReportDocument(string StorageKey, string Name, string ContentType, long Size, string Sha256);
