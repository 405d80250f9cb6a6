using System.Net.Http.Json;
using CallManager.Domain.Accounts;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using static CallManager.Web.Tests.Grants.GrantDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Grants;

/// <summary>workflows/grant-follow-up.json: report reminders before the due date and when overdue are durable timers of the grant's workflow.</summary>
[Collection(WebCollection.Name)]
public class GrantReminderTests
{
    private static readonly DateTimeOffset InterimReminder = new(2028, 6, 17, 22, 0, 0, TimeSpan.Zero); // 14 days before 1 July 2028 ends in Paris
    private static readonly DateTimeOffset InterimOverdue = new(2028, 7, 1, 22, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FinalReminder = new(2029, 6, 17, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_workflow_reminds_fourteen_days_before_the_due_date_then_when_the_report_is_overdue_then_moves_to_the_next_report()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(settings: Submissions.SubmissionScenarioTests.MailTo(smtp));
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using var beneficiary = await app.ClientAsAsync("lead@asso.example", Roles.Applicant, "fr");
        var callId = await CreatePublishedCallAsync(admin);
        var applicationId = await SelectedDossierAsync(app, admin, beneficiary, callId, 1);
        var grantId = await SelectAsync(app, applicationId, callId);
        Assert.Empty(await TimersAsync(app, applicationId)); // nothing to remind before the agreement is signed

        app.Clock.SetUtcNow(new DateTimeOffset(2027, 6, 15, 10, 0, 0, TimeSpan.Zero));
        using var admin2 = await app.LoginAsync("admin@funder.example");
        await PostAsync(admin2, $"/api/grants/{grantId}/agreement", JsonContent.Create(new { signedDate = "2027-06-15", startDate = "2027-07-01" }));
        Assert.Equal([InterimReminder], await TimersAsync(app, applicationId));

        app.Clock.SetUtcNow(InterimReminder.AddSeconds(-1));
        Assert.Equal(0, await app.FireDueTimersAsync("grant-follow-up"));
        app.Clock.SetUtcNow(InterimReminder);
        Assert.Equal(1, await app.FireDueTimersAsync("grant-follow-up"));
        Assert.Equal([InterimOverdue], await TimersAsync(app, applicationId));

        app.Clock.SetUtcNow(InterimOverdue);
        Assert.Equal(1, await app.FireDueTimersAsync("grant-follow-up"));
        Assert.Equal([FinalReminder], await TimersAsync(app, applicationId)); // the final report's turn; the interim one is not reminded twice
        Assert.Equal(WorkflowStatus.Suspended, (await InstanceAsync(app, applicationId)).Status);

        var messages = await smtp.WaitForAsync(5, TimeSpan.FromSeconds(30)); // receipt, admissibility, signature, reminder, overdue
        var reminder = Assert.Single(messages, m => m.Subject!.StartsWith("Rappel"));
        Assert.Equal("Rappel : Rapport intermédiaire attendu le 1 juillet 2028 — PTCE-2027-0001", reminder.Subject);
        Assert.Contains("au plus tard le 1 juillet 2028 (dans 14 jours)", reminder.TextBody);
        var overdue = Assert.Single(messages, m => m.Subject!.StartsWith("En retard"));
        Assert.Equal("lead@asso.example", overdue.To.Mailboxes.Single().Address);
        Assert.Contains("était attendu au plus tard le 1 juillet 2028", overdue.TextBody);
    }

    [Fact]
    public async Task A_report_submitted_before_its_reminder_is_not_reminded()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using var beneficiary = await app.ClientAsAsync("lead@asso.example", Roles.Applicant, "fr");
        var callId = await CreatePublishedCallAsync(admin);
        var applicationId = await SelectedDossierAsync(app, admin, beneficiary, callId, 1);
        var grantId = await SelectAsync(app, applicationId, callId);
        var signed = (await PostAsync(admin, $"/api/grants/{grantId}/agreement", JsonContent.Create(new { signedDate = "2027-03-01", startDate = "2027-07-01" })))!;
        await PostAsync(beneficiary, $"/api/grants/{grantId}/reports/{IdOf(signed, "reports", "interim")}", ValidReport());

        app.Clock.SetUtcNow(InterimReminder);
        Assert.Equal(1, await app.FireDueTimersAsync("grant-follow-up")); // the timer fires, finds the report submitted, sends nothing
        Assert.Equal([FinalReminder], await TimersAsync(app, applicationId)); // a report awaiting review is not overdue
        var row = await GrantRowAsync(app, applicationId);
        Assert.Null(row.Reports.Single(r => r.Key == "interim").RemindedForDueAt);
    }
}
