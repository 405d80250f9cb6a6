using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Grants.GrantDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Grants;

/// <summary>The whole follow-up of one grant through the API: selection stimulus, agreement, reports, payments, closure, mails.</summary>
[Collection(WebCollection.Name)]
public class GrantFollowUpTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_selected_dossier_becomes_a_grant_paid_in_three_tranches_and_closed_after_its_final_report(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(provider, settings: Submissions.SubmissionScenarioTests.MailTo(smtp));
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var beneficiary = await app.ClientAsAsync("lead@asso.example", Roles.Applicant, "en");
        async Task MoveClockAsync(DateTimeOffset to) // bearer tokens expire with the fake clock: sign in again
        {
            app.Clock.SetUtcNow(to);
            (admin, beneficiary) = (await app.LoginAsync("admin@funder.example"), await app.LoginAsync("lead@asso.example"));
        }
        var callId = await CreatePublishedCallAsync(admin);
        var applicationId = await SelectedDossierAsync(app, admin, beneficiary, callId, 1);

        var grantId = await SelectAsync(app, applicationId, callId, 80000);
        await app.Services.GetRequiredService<IWorkflowRuntime>().StimulateAsync(Selected(applicationId, callId, 80000, key: "replayed"));
        var grant = (await Node(await beneficiary.GetAsync($"/api/grants/{grantId}")));
        Assert.Equal("AwaitingSignature", grant["status"]!.GetValue<string>());
        Assert.Equal([40000m, 24000m, 16000m], grant["tranches"]!.AsArray().Select(t => t!["amount"]!.GetValue<decimal>()));
        Assert.Equal(WorkflowStatus.Suspended, (await InstanceAsync(app, applicationId)).Status);

        await MoveClockAsync(new DateTimeOffset(2027, 6, 15, 10, 0, 0, TimeSpan.Zero));
        var signed = (await PostAsync(admin, $"/api/grants/{grantId}/agreement", JsonContent.Create(new { signedDate = "2027-06-15", startDate = "2027-07-01" })))!;
        Assert.Equal("Active", signed["status"]!.GetValue<string>());
        Assert.Equal("2029-07-01", signed["endDate"]!.GetValue<string>());
        Assert.Equal(["2028-07-01", "2029-07-01"], signed["reports"]!.AsArray().Select(r => r!["dueDate"]!.GetValue<string>()));
        Assert.Equal(["Payable", "Pending", "Pending"], signed["tranches"]!.AsArray().Select(t => t!["state"]!.GetValue<string>()));
        Assert.Equal([new DateTimeOffset(2028, 6, 17, 22, 0, 0, TimeSpan.Zero)], await TimersAsync(app, applicationId)); // 14 days before 1 July 2028 ends in Paris

        var (interim, final) = (IdOf(signed, "reports", "interim"), IdOf(signed, "reports", "final"));
        await MoveClockAsync(new DateTimeOffset(2027, 6, 21, 8, 0, 0, TimeSpan.Zero));
        await PostAsync(admin, $"/api/grants/{grantId}/payments/{IdOf(signed, "tranches", "signature")}/paid", JsonContent.Create(new { paidOn = "2027-06-20" }));

        await MoveClockAsync(new DateTimeOffset(2028, 5, 2, 8, 0, 0, TimeSpan.Zero));
        await PostAsync(beneficiary, $"/api/grants/{grantId}/reports/{interim}", ValidReport("2"));
        await PostAsync(admin, $"/api/grants/{grantId}/reports/{interim}/request-changes", JsonContent.Create(new { reasons = "Add the partners' attendance figures." }));
        await PostAsync(beneficiary, $"/api/grants/{grantId}/reports/{interim}", ValidReport("4"));
        var approved = (await PostAsync(admin, $"/api/grants/{grantId}/reports/{interim}/approve", null))!;
        Assert.Equal(["Paid", "Payable", "Pending"], approved["tranches"]!.AsArray().Select(t => t!["state"]!.GetValue<string>()));
        var history = approved["reports"]![0]!["history"]!.AsArray().Select(h => (h!["action"]!.GetValue<string>(), h["reason"]?.GetValue<string>()));
        Assert.Equal([("submitted", null), ("changes-requested", "Add the partners' attendance figures."), ("submitted", null), ("approved", null)], history);
        Assert.Equal(4m, approved["reports"]![0]!["indicators"]!["jobsCreated"]!.GetValue<decimal>());
        await PostAsync(admin, $"/api/grants/{grantId}/payments/{IdOf(signed, "tranches", "interim")}/paid", null);

        await MoveClockAsync(new DateTimeOffset(2029, 6, 10, 8, 0, 0, TimeSpan.Zero));
        await PostAsync(beneficiary, $"/api/grants/{grantId}/reports/{final}", ValidReport("6"));
        await PostAsync(admin, $"/api/grants/{grantId}/reports/{final}/approve", null);
        var closed = (await PostAsync(admin, $"/api/grants/{grantId}/payments/{IdOf(signed, "tranches", "final")}/paid", JsonContent.Create(new { paidOn = "2029-06-10" })))!;
        Assert.Equal("Closed", closed["status"]!.GetValue<string>());
        Assert.Equal(80000m, closed["paid"]!.GetValue<decimal>());
        Assert.Equal(WorkflowStatus.Finished, (await InstanceAsync(app, applicationId)).Status);

        var document = await admin.GetAsync($"/api/grants/{grantId}/reports/{final}/document");
        Assert.Equal("application/pdf", document.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Pdf, await document.Content.ReadAsByteArrayAsync());
        await CheckMailsAsync(smtp);
        await CheckAuditAsync(app, callId);
    }

    private static async Task CheckMailsAsync(SmtpTestServer smtp)
    {
        var messages = await smtp.WaitForAsync(10, TimeSpan.FromSeconds(30)); // receipt, admissibility, then 8 grant mails
        var grantMails = messages.Where(m => m.To.Mailboxes.Single().Address == "lead@asso.example").Select(m => m.Subject).Skip(2).ToList();
        Assert.Equal(new[] {
            "Agreement signed — PTCE-2027-0001 — PTCE 2027 call — territorial economic cooperation hubs",
            "Payment recorded — PTCE-2027-0001", "Changes requested: Interim report — PTCE-2027-0001",
            "Interim report approved — PTCE-2027-0001", "Payment recorded — PTCE-2027-0001",
            "Final report approved — PTCE-2027-0001", "Payment recorded — PTCE-2027-0001", "Grant closed — PTCE-2027-0001",
        }.Order(StringComparer.Ordinal), grantMails.Order(StringComparer.Ordinal)); // mails of one change (the last payment and the closure) share an instant
        var signed = messages.Single(m => m.Subject!.StartsWith("Agreement signed"));
        Assert.Contains("- Interim report: by 1 July 2028", signed.TextBody);
        Assert.Contains("Payable now: €40,000.00.", signed.TextBody);
        Assert.Contains("Reasons:\nAdd the partners' attendance figures.", messages.Single(m => m.Subject!.StartsWith("Changes requested")).TextBody!.ReplaceLineEndings("\n"));
        Assert.Contains("The next tranche (€24,000.00) is now payable.", messages.Single(m => m.Subject!.StartsWith("Interim report approved")).TextBody);
        Assert.Contains("every tranche paid (€80,000.00)", messages.Single(m => m.Subject!.StartsWith("Grant closed")).TextBody);
    }

    private static async Task CheckAuditAsync(CallManagerApp app, Guid callId)
    {
        using var scope = app.Services.CreateScope();
        var actions = await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(e => e.CallId == callId && e.Action.StartsWith("grant.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
        Assert.Equal(["grant.opened", "grant.signed", "grant.tranche-paid", "grant.report-submitted", "grant.report-changes-requested",
            "grant.report-submitted", "grant.report-approved", "grant.tranche-paid", "grant.report-submitted", "grant.report-approved",
            "grant.tranche-paid", "grant.closed"], actions);
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync()).Intact);
    }
}
