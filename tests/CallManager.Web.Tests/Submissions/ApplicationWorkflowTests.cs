using System.Net;
using System.Net.Http.Json;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>workflows/ptce-application.json: one instance per dossier; missing documents are reminded and reported by timers.</summary>
[Collection(WebCollection.Name)]
public class ApplicationWorkflowTests
{
    private static readonly DateTimeOffset DueAt = new(2027, 3, 25, 17, 0, 0, TimeSpan.Zero); // 18:00 in Paris

    [Fact]
    public async Task Missing_documents_are_reminded_two_days_before_and_reported_to_administrators_at_the_due_date()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(settings: SubmissionScenarioTests.MailTo(smtp));
        var callId = await CreatePublishedCallAsync(await app.ClientAsAsync("admin@funder.example", Roles.Administrator, "en"));
        using var late = await app.ClientAsAsync("late@asso.example", Roles.Applicant, "fr");
        using var prompt = await app.ClientAsAsync("prompt@asso.example", Roles.Applicant, "en");
        var lateId = await SubmittedAsync(late, callId, 1);
        var promptId = await SubmittedAsync(prompt, callId, 2);
        Assert.Equal(WorkflowStatus.Suspended, (await InstanceAsync(app, lateId)).Status);

        app.Clock.SetUtcNow(Deadline.AddDays(1)); // bearer tokens issued before have expired: sign in again
        using var admin = await app.LoginAsync("admin@funder.example");
        foreach (var id in new[] { lateId, promptId })
        {
            await Expect(await admin.PostAsJsonAsync($"/api/applications/{id}/admissibility", new
            {
                decision = "MissingDocuments", reason = "Partner letters are missing.", missingDocuments = new[] { "partnershipLetters" },
                dueAt = "2027-03-25T18:00:00",
            }), HttpStatusCode.OK);
        }
        await Expect(await UploadAsync(await app.LoginAsync("prompt@asso.example"), promptId, "partnershipLetters", Pdf, "letters.pdf"), HttpStatusCode.Created);

        app.Clock.SetUtcNow(DueAt.AddHours(-48).AddSeconds(-1));
        Assert.Equal(0, await app.FireDueTimersAsync("ptce-application"));
        app.Clock.SetUtcNow(DueAt.AddHours(-48));
        Assert.Equal(2, await app.FireDueTimersAsync("ptce-application"));
        app.Clock.SetUtcNow(DueAt);
        Assert.Equal(2, await app.FireDueTimersAsync("ptce-application"));

        // 2 receipts, 2 requests, 1 reminder (the prompt applicant already uploaded), 1 overdue notice.
        var messages = await smtp.WaitForAsync(6, TimeSpan.FromSeconds(20));
        var reminder = Assert.Single(messages, m => m.Subject!.StartsWith("Rappel : pièces attendues"));
        Assert.Equal("late@asso.example", reminder.To.Mailboxes.Single().Address);
        Assert.Contains("- Lettres d'engagement des partenaires", reminder.TextBody);
        Assert.Contains("avant le 25 mars 2027 à 18:00 (Europe/Paris)", reminder.TextBody);
        var overdue = Assert.Single(messages, m => m.Subject!.StartsWith("Documents not received by the due date"));
        Assert.Equal("admin@funder.example", overdue.To.Mailboxes.Single().Address);
        Assert.Contains("PTCE-2027-0001", overdue.Subject);
        Assert.DoesNotContain(messages, m => m.Subject!.Contains("PTCE-2027-0002") && m.Subject!.StartsWith("Documents not received"));

        // Both instances wait for the next request again; nothing was decided for the administrators.
        var instance = await InstanceAsync(app, lateId);
        Assert.Equal(WorkflowStatus.Suspended, instance.Status);
        using var scope = app.Services.CreateScope();
        var bookmarks = await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<WorkflowBookmark>()
            .Where(b => b.InstanceId == instance.Id).Select(b => b.Name).ToListAsync();
        Assert.Equal(["MissingDocumentsRequested"], bookmarks);
        Assert.Equal("MissingDocuments", (await Json(await (await app.LoginAsync("admin@funder.example")).GetAsync($"/api/applications/{lateId}")))["status"]!.GetValue<string>());
    }

    private static async Task<Guid> SubmittedAsync(HttpClient applicant, Guid callId, int seed)
    {
        var id = await CreateDraftAsync(applicant, callId, await CreateOrganisationAsync(applicant, seed));
        await CompleteAsync(applicant, id, seed);
        await Expect(await applicant.PostAsync($"/api/applications/{id}/submit", null), HttpStatusCode.OK);
        return id;
    }

    private static async Task<WorkflowInstance> InstanceAsync(CallManagerApp app, Guid applicationId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<WorkflowInstance>()
            .SingleAsync(i => i.DefinitionId == "ptce-application" && i.CorrelationId == applicationId.ToString());
    }
}
