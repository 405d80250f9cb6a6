using System.Globalization;
using CallManager.Domain.Calls;
using CallManager.Domain.Submissions;

namespace CallManager.Domain.Grants;

/// <summary>
/// The mails of the grants stage (templates <c>grant-*.{fr,en}.liquid</c>), sent to the lead organisation's members in
/// their language and enqueued in the caller's unit of work. Every template sees <c>call</c>, <c>reference</c>,
/// <c>title</c>, <c>amount</c> and the mail's own <c>details</c>.
/// </summary>
public sealed class GrantMails(SubmissionMails mails)
{
    public const string AgreementSigned = "grant-agreement-signed";
    public const string ReportApproved = "grant-report-approved";
    public const string ReportChanges = "grant-report-changes";
    public const string ReportReminder = "grant-report-reminder";
    public const string ReportOverdue = "grant-report-overdue";
    public const string Payment = "grant-payment";
    public const string Closed = "grant-closed";

    /// <summary>Enqueues <paramref name="template"/> for every member of the grant's lead organisation.</summary>
    public Task SendAsync(Grant grant, Call call, string template, Func<string, object> details, CancellationToken ct = default) =>
        mails.ToOrganisationAsync(grant.LeadOrganisationId, template, language => new
        {
            call = call.Title(language), reference = grant.Reference, title = grant.Title, amount = Money(grant.Amount, language),
            details = details(language),
        }, $"grant:{grant.Id}", ct);

    /// <summary>"80 000,00 €" or "€80,000.00".</summary>
    public static string Money(decimal amount, string language) =>
        language == "en" ? amount.ToString("'€'#,##0.00", CultureInfo.GetCultureInfo("en-GB"))
            : amount.ToString("#,##0.00 '€'", CultureInfo.GetCultureInfo("fr-FR"));

    /// <summary>"1 mars 2028" or "1 March 2028".</summary>
    public static string Date(DateOnly day, string language) =>
        language == "en" ? day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")) : day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"));
}
