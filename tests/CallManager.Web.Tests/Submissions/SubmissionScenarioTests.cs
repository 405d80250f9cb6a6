using System.Net;
using System.Net.Http.Json;
using CallManager.Testing;
using CallManager.Web.Commands;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>The API scenario: 40 applicants through drafts, attachments, deadline, eligibility, admissibility, mails and audit.</summary>
[Collection(WebCollection.Name)]
public class SubmissionScenarioTests
{
    private const int Applicants = 40;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Forty_applicants_submit_around_the_deadline_with_receipts_mails_and_a_verified_audit_chain(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(provider, settings: MailTo(smtp));
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await CreatePublishedCallAsync(admin);

        var clients = new HttpClient[Applicants];
        var drafts = new Guid[Applicants];
        var organisations = new Guid[Applicants];
        for (var i = 0; i < Applicants; i++)
        {
            clients[i] = await app.ClientAsAsync(Email(i), Roles.Applicant, Language(i));
            organisations[i] = await CreateOrganisationAsync(clients[i], i, legalForm: i == 8 ? "SARL" : "Association");
            drafts[i] = await CreateDraftAsync(clients[i], callId, organisations[i]);
            await CompleteAsync(clients[i], drafts[i], i, amount: i == 7 ? 150_000 : 80_000, partners: i is 5 or 6 ? 2 : 3);
        }

        // Everyone but 30..34 (drafts), 37..39 (late) submits before the deadline.
        var receipts = new Dictionary<int, System.Text.Json.Nodes.JsonObject>();
        foreach (var i in Enumerable.Range(0, 30).Concat([35, 36]))
        {
            var submitted = await clients[i].PostAsync($"/api/applications/{drafts[i]}/submit", null);
            await Expect(submitted, HttpStatusCode.OK);
            receipts[i] = await Json(submitted);
        }
        Assert.Equal($"PTCE-2027-{1:0000}-v1", receipts[0]["receiptNumber"]!.GetValue<string>());
        Assert.Equal(TestClock.Start, receipts[0]["submittedAt"]!.GetValue<DateTimeOffset>());
        Assert.Matches("^[0-9a-f]{64}$", receipts[0]["sha256"]!.GetValue<string>());
        Assert.True(receipts[0]["eligible"]!.GetValue<bool>());

        // Ineligible dossiers are submitted, with the failed rules in plain words: each rule as the condition the dossier must meet.
        Assert.False(receipts[5]["eligible"]!.GetValue<bool>());
        Assert.Equal(["Au moins 3 organisations partenaires, dont au moins 1 de l'économie sociale et solidaire."], Reasons(receipts[5]));
        Assert.Equal(["Le montant demandé ne dépasse pas 100 000 €."], Reasons(receipts[7]).Select(r => r.Replace('\u202f', ' ').Replace('\u00a0', ' ')));
        Assert.Equal(["The lead organisation's legal form must be one of: Association, SCIC, SCOP, SAS ESUS, Coopérative, Fondation."], Reasons(receipts[8]));
        Assert.Equal([], Reasons(receipts[9]));

        // Resubmission: a new version, only the last counts; withdrawal before the deadline.
        app.Clock.Advance(TimeSpan.FromDays(2));
        clients[36] = await app.LoginAsync(Email(36)); // bearer tokens expire after an hour of the (fake) clock
        clients[35] = await app.LoginAsync(Email(35));
        await Expect(await SaveAnswersAsync(clients[36], drafts[36], 36, amount: 90_000), HttpStatusCode.OK);
        var second = await Json(await clients[36].PostAsync($"/api/applications/{drafts[36]}/submit", null));
        Assert.Equal(2, second["version"]!.GetValue<int>());
        Assert.NotEqual(receipts[36]["sha256"]!.GetValue<string>(), second["sha256"]!.GetValue<string>());
        await Expect(await clients[35].PostAsync($"/api/applications/{drafts[35]}/withdraw", null), HttpStatusCode.OK);

        // Deadline ±1 s, and an individual exception.
        admin = await app.LoginAsync("admin@funder.example");
        using (var exception = await admin.PostAsJsonAsync($"/api/calls/{callId}/late-exceptions",
                   new { organisationId = organisations[39], until = "2027-03-15T12:30:00", reason = "Power cut at the applicant's office" }))
            await Expect(exception, HttpStatusCode.Created);
        app.Clock.SetUtcNow(Deadline.AddSeconds(-1));
        foreach (var i in new[] { 36, 37, 38, 39 }) clients[i] = await app.LoginAsync(Email(i));
        admin = await app.LoginAsync("admin@funder.example");
        await Expect(await clients[38].PostAsync($"/api/applications/{drafts[38]}/submit", null), HttpStatusCode.OK);
        app.Clock.SetUtcNow(Deadline.AddSeconds(1));
        var late = await clients[37].PostAsync($"/api/applications/{drafts[37]}/submit", null);
        await Expect(late, HttpStatusCode.Conflict);
        Assert.Contains(Language(37) == "en" ? "15 March 2027 at 12:00 (Europe/Paris)" : "15 mars 2027 à 12:00 (Europe/Paris)", (await Json(late))["detail"]!.GetValue<string>());
        await Expect(await clients[36].PostAsync($"/api/applications/{drafts[36]}/withdraw", null), HttpStatusCode.Conflict);
        app.Clock.SetUtcNow(Deadline.AddMinutes(10));
        await Expect(await clients[39].PostAsync($"/api/applications/{drafts[39]}/submit", null), HttpStatusCode.OK);

        // The administrators' list.
        var list = (await Node(await admin.GetAsync($"/api/calls/{callId}/applications"))).AsArray();
        Assert.Equal(Applicants, list.Count);
        Assert.Equal(33, list.Count(a => a!["status"]!.GetValue<string>() == "Submitted"));
        Assert.Equal(6, list.Count(a => a!["status"]!.GetValue<string>() == "Draft"));
        Assert.Equal(1, list.Count(a => a!["status"]!.GetValue<string>() == "Withdrawn"));
        Assert.Equal(4, list.Count(a => a!["eligible"]?.GetValue<bool>() == false));

        await MissingDocumentsLoopAsync(app, admin, await app.LoginAsync(Email(1)), drafts[1]);
        await CheckMailsAsync(smtp);
        await CheckAuditAsync(app, await app.LoginAsync("admin@funder.example"), callId);
        foreach (var client in clients) client.Dispose();
    }

    private static async Task MissingDocumentsLoopAsync(CallManagerApp app, HttpClient admin, HttpClient applicant, Guid id)
    {
        var asked = await admin.PostAsJsonAsync($"/api/applications/{id}/admissibility",
            new { decision = "MissingDocuments", reason = "Les lettres des partenaires manquent.", missingDocuments = new[] { "partnershipLetters" }, dueAt = "2027-03-25T18:00:00" });
        await Expect(asked, HttpStatusCode.OK);
        await Expect(await UploadAsync(applicant, id, "budgetFile", Pdf, "budget-v2.pdf"), HttpStatusCode.Conflict);
        await Expect(await UploadAsync(applicant, id, "partnershipLetters", Pdf, "lettres.pdf"), HttpStatusCode.Created);
        var decided = await admin.PostAsJsonAsync($"/api/applications/{id}/admissibility", new { decision = "Admissible", reason = "Dossier complet." });
        await Expect(decided, HttpStatusCode.OK);
        Assert.Equal("Admissible", (await Json(decided))["status"]!.GetValue<string>());
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 26, 9, 0, 0, TimeSpan.Zero));
    }

    private static async Task CheckMailsAsync(SmtpTestServer smtp)
    {
        // 35 receipts (0..29, 35, 36 twice, 38, 39), 1 withdrawal, 1 missing-documents, 1 admissibility.
        var messages = await smtp.WaitForAsync(38, TimeSpan.FromSeconds(30));
        var receipts = messages.Where(m => m.Subject!.StartsWith("Receipt") || m.Subject!.StartsWith("Accusé de réception")).ToList();
        Assert.Equal(35, receipts.Count);
        var first = receipts.Single(m => m.Subject!.Contains("PTCE-2027-0001-v1"));
        Assert.Equal(Email(0), first.To.Mailboxes.Single().Address);
        Assert.StartsWith("Receipt PTCE-2027-0001-v1", first.Subject); // applicant 0 reads English
        Assert.Contains("SHA-256 fingerprint of the dossier: ", first.TextBody);
        var french = receipts.Single(m => m.Subject!.Contains("PTCE-2027-0006-v1"));
        Assert.Equal(Email(5), french.To.Mailboxes.Single().Address);
        Assert.Contains("Au moins 3 organisations partenaires", french.TextBody); // the rule as the condition to meet
        Assert.Equal(2, receipts.Count(m => m.To.Mailboxes.Single().Address == Email(36)));
        var withdrawn = messages.Single(m => m.Subject!.StartsWith("Dossier PTCE-2027-0036 retiré"));
        Assert.Equal(Email(35), withdrawn.To.Mailboxes.Single().Address);
        var missing = messages.Single(m => m.Subject!.StartsWith("Pièces manquantes"));
        Assert.Equal(Email(1), missing.To.Mailboxes.Single().Address);
        Assert.Contains("Lettres d'engagement des partenaires", missing.TextBody);
        Assert.Contains("25 mars 2027 à 18:00 (Europe/Paris)", missing.TextBody);
        Assert.Contains("est recevable", messages.Single(m => m.Subject!.StartsWith("Recevabilité")).TextBody);
    }

    private static async Task CheckAuditAsync(CallManagerApp app, HttpClient admin, Guid callId)
    {
        var audit = (await Node(await admin.GetAsync($"/api/calls/{callId}/audit"))).AsArray();
        Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "call.late-exception");
        Assert.Equal(35, audit.Count(e => e!["action"]!.GetValue<string>() is "application.submitted" or "application.resubmitted"));
        var verified = await Json(await admin.GetAsync("/api/audit/verify"));
        Assert.True(verified["intact"]!.GetValue<bool>(), verified.ToJsonString());

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
            var victim = await db.Set<CallManager.Domain.Audit.AuditEntry>().Where(e => e.Action == "application.withdrawn").SingleAsync();
            victim.After = "{\"status\":\"Submitted\"}";
            await db.SaveChangesAsync();
            var broken = await Json(await admin.GetAsync("/api/audit/verify"));
            Assert.False(broken["intact"]!.GetValue<bool>());
            Assert.Equal(victim.Sequence, broken["firstBrokenSequence"]!.GetValue<long>());
            Assert.Equal(1, await new AuditVerifyCommand().RunAsync(scope.ServiceProvider, [], CancellationToken.None));
        }
    }

    private static List<string> Reasons(System.Text.Json.Nodes.JsonObject receipt) =>
        receipt["eligibilityReasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();

    private static string Email(int i) => $"applicant{i:00}@asso.example";

    private static string Language(int i) => i % 4 == 0 ? "en" : "fr";

    /// <summary>Settings sending the outbox to the real SMTP test server, polled often.</summary>
    public static Dictionary<string, string?> MailTo(SmtpTestServer smtp) => new()
    {
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = smtp.Port.ToString(),
        ["Mail:Smtp:Security"] = "None",
        ["Mail:Dispatcher:PollInterval"] = "00:00:00.200",
    };
}
