using System.Net;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>workflows/ptce-call.json through the runtime: the "3 days left" reminder and the close of submissions are timers.</summary>
[Collection(WebCollection.Name)]
public class CallWorkflowTests
{
    [Fact]
    public async Task Publishing_starts_the_call_workflow_whose_timers_remind_drafts_three_days_before_and_close_at_the_deadline()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(settings: SubmissionScenarioTests.MailTo(smtp));
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await CreatePublishedCallAsync(admin);
        using var drafter = await app.ClientAsAsync("draft@asso.example", Roles.Applicant, "fr");
        await CreateDraftAsync(drafter, callId, await CreateOrganisationAsync(drafter, 1));
        using var submitter = await app.ClientAsAsync("done@asso.example", Roles.Applicant, "en");
        var submitted = await CreateDraftAsync(submitter, callId, await CreateOrganisationAsync(submitter, 2));
        await CompleteAsync(submitter, submitted, 2);
        await Expect(await submitter.PostAsync($"/api/applications/{submitted}/submit", null), HttpStatusCode.OK);
        Assert.Equal(WorkflowStatus.Suspended, (await InstanceAsync(app, callId)).Status);

        app.Clock.SetUtcNow(Deadline.AddHours(-72).AddSeconds(-1));
        Assert.Equal(0, await app.FireDueTimersAsync());
        app.Clock.SetUtcNow(Deadline.AddHours(-72));
        Assert.Equal(1, await app.FireDueTimersAsync());

        var messages = await smtp.WaitForAsync(2, TimeSpan.FromSeconds(20)); // the receipt, then the reminder
        var reminder = Assert.Single(messages, m => m.Subject!.StartsWith("Plus que 3 jours"));
        Assert.Equal("draft@asso.example", reminder.To.Mailboxes.Single().Address);
        Assert.Contains("La date limite de dépôt est le 15 mars 2027 à 12:00 (Europe/Paris).", reminder.TextBody);

        app.Clock.SetUtcNow(Deadline);
        Assert.Equal(1, await app.FireDueTimersAsync());
        using var scope = app.Services.CreateScope();
        var closed = await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<AuditEntry>()
            .SingleAsync(e => e.CallId == callId && e.Action == "call.submissions-closed");
        Assert.Equal("{\"Draft\":1,\"Submitted\":1}", closed.After);
        Assert.Equal("system", closed.Actor);
    }

    private static async Task<WorkflowInstance> InstanceAsync(CallManagerApp app, Guid callId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<WorkflowInstance>()
            .SingleAsync(i => i.DefinitionId == "ptce-call" && i.CorrelationId == callId.ToString());
    }
}
