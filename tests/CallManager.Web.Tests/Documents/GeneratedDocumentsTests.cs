using System.Net;
using System.Net.Http.Json;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Documents;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Grants.GrantDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Documents;

/// <summary>Receipts and agreements as PDFs through the API: their text read back, stored once, served byte for byte with their hash.</summary>
[Collection(WebCollection.Name)]
public class GeneratedDocumentsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_receipt_lists_every_file_with_its_hash_and_is_served_identically_with_its_stored_hash(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var applicant = await app.ClientAsAsync("lead@asso.example", Roles.Applicant);
        var applicationId = await SelectedDossierAsync(app, admin, applicant, await CreatePublishedCallAsync(admin), 1);
        var dossier = await Node(await applicant.GetAsync($"/api/applications/{applicationId}"));

        var first = await applicant.GetAsync($"/api/applications/{applicationId}/receipt.pdf");
        await Expect(first, HttpStatusCode.OK);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal("application/pdf", first.Content.Headers.ContentType!.MediaType);
        Assert.Equal(PdfText.Sha256(bytes), first.Headers.GetValues("X-Content-SHA256").Single());
        var text = PdfText.Extract(bytes);
        Assert.Contains("Accusé de réception de votre dossier", text);
        Assert.Contains($"Numéro d'accusé : {dossier["reference"]}-v1", text);
        Assert.Contains("(Europe/Paris)", text);
        Assert.Contains(dossier["versions"]![0]!["sha256"]!.GetValue<string>(), text);
        foreach (var attachment in dossier["attachments"]!.AsArray())
        {
            Assert.Contains(attachment!["originalName"]!.GetValue<string>(), text);
            Assert.Contains("SHA-256 " + attachment["sha256"]!.GetValue<string>(), text);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await (await applicant.GetAsync($"/api/applications/{applicationId}/receipt.pdf")).Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes, again);
        var stranger = await app.ClientAsAsync("other@asso.example", Roles.Applicant);
        await Expect(await stranger.GetAsync($"/api/applications/{applicationId}/receipt.pdf"), HttpStatusCode.NotFound);
        using var scope = app.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<GeneratedDocument>().AsNoTracking().SingleAsync();
        Assert.Equal((DocumentKinds.Receipt, applicationId, "v1-fr", PdfText.Sha256(bytes)), (stored.Kind, stored.SubjectId, stored.Variant, stored.Sha256));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_beneficiary_accepts_the_agreement_it_read_and_its_hash_who_and_when_are_recorded(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var beneficiary = await app.ClientAsAsync("lead@asso.example", Roles.Applicant, "en");
        var callId = await CreatePublishedCallAsync(admin);
        var grantId = await SelectAsync(app, await SelectedDossierAsync(app, admin, beneficiary, callId, 1), callId, 80000);

        var response = await beneficiary.GetAsync($"/api/grants/{grantId}/agreement.pdf");
        await Expect(response, HttpStatusCode.OK);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = PdfText.Extract(pdf);
        Assert.True(text.Contains("At signature: €40,000"), text);
        Assert.Contains("Grant agreement no. PTCE-2027-0001", text);
        Assert.Contains("At signature: €40,000.00 (50 %). Paid once the agreement is signed.", text);
        Assert.Contains("Interim report: €24,000.00 (30 %). Paid once the Interim report is approved.", text);
        var hash = PdfText.Sha256(pdf);

        var unticked = await beneficiary.PostAsJsonAsync($"/api/grants/{grantId}/agreement/accept", new { accept = false, sha256 = hash });
        await Expect(unticked, HttpStatusCode.UnprocessableEntity);
        var stale = await beneficiary.PostAsJsonAsync($"/api/grants/{grantId}/agreement/accept", new { accept = true, sha256 = new string('0', 64) });
        await Expect(stale, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("is not the current document", await stale.Content.ReadAsStringAsync());
        await Expect(await admin.PostAsJsonAsync($"/api/grants/{grantId}/agreement/accept", new { accept = true, sha256 = hash }), HttpStatusCode.Forbidden);

        var signed = (await PostAsync(beneficiary, $"/api/grants/{grantId}/agreement/accept", JsonContent.Create(new { accept = true, sha256 = hash })))!;
        Assert.Equal("Active", signed["status"]!.GetValue<string>());
        Assert.Equal(hash, signed["agreement"]!["sha256"]!.GetValue<string>());
        Assert.Equal(app.Clock.GetUtcNow(), signed["agreement"]!["at"]!.GetValue<DateTimeOffset>());
        Assert.Equal("lead <lead@asso.example>", signed["agreement"]!["name"]!.GetValue<string>());
        Assert.Equal(["Payable", "Pending", "Pending"], signed["tranches"]!.AsArray().Select(t => t!["state"]!.GetValue<string>()));
        Assert.Equal(pdf, await (await beneficiary.GetAsync($"/api/grants/{grantId}/agreement.pdf")).Content.ReadAsByteArrayAsync());
        await Expect(await beneficiary.PostAsJsonAsync($"/api/grants/{grantId}/agreement/accept", new { accept = true, sha256 = hash }), HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task A_report_saved_as_a_draft_keeps_its_figures_and_narrative_until_it_is_sent_with_the_answer_to_the_changes(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var beneficiary = await app.ClientAsAsync("lead@asso.example", Roles.Applicant, "en");
        var callId = await CreatePublishedCallAsync(admin);
        var grantId = await SelectAsync(app, await SelectedDossierAsync(app, admin, beneficiary, callId, 1), callId, 80000);
        var grant = (await PostAsync(admin, $"/api/grants/{grantId}/agreement", JsonContent.Create(new { signedDate = "2027-03-01", startDate = "2027-03-01" })))!;
        var interim = IdOf(grant, "reports", "interim");

        var draft = (await PostAsync(beneficiary, $"/api/grants/{grantId}/reports/{interim}/draft",
            JsonContent.Create(new { indicators = new { jobsCreated = "2,5", unknown = "9" }, narrative = "  Trois ateliers ouverts. " })))!;
        var saved = draft["reports"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "interim")!;
        Assert.Equal("Due", saved["status"]!.GetValue<string>());
        Assert.Equal("Trois ateliers ouverts.", saved["draft"]!["narrative"]!.GetValue<string>());
        Assert.Equal("{\"jobsCreated\":\"2,5\"}", saved["draft"]!["indicators"]!.ToJsonString());

        await PostAsync(beneficiary, $"/api/grants/{grantId}/reports/{interim}", ValidReport("2"));
        await PostAsync(admin, $"/api/grants/{grantId}/reports/{interim}/request-changes", JsonContent.Create(new { reasons = "Add the attendance figures." }));
        var form = ValidReport("3");
        form.Add(new StringContent("Attendance: 120 people."), "narrative");
        form.Add(new StringContent("The figures are in section 2."), "answer");
        var resent = (await PostAsync(beneficiary, $"/api/grants/{grantId}/reports/{interim}", form))!;
        var report = resent["reports"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "interim")!;
        Assert.Equal(("Submitted", "Attendance: 120 people."), (report["status"]!.GetValue<string>(), report["narrative"]!.GetValue<string>()));
        Assert.Null(report["draft"]);
        Assert.Equal(["submitted", "changes-requested", "submitted"], report["history"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal("The figures are in section 2.", report["history"]![2]!["answer"]!.GetValue<string>());
    }
}
