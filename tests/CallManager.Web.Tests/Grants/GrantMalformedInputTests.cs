using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using CallManager.Domain.Accounts;
using CallManager.Runtime.Instances;
using CallManager.Web.Tests.Infrastructure;
using static CallManager.Web.Tests.Grants.GrantDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Grants;

/// <summary>Bad uploads and bad inputs on the grants API answer 4xx problem details saying what to fix, never 500.</summary>
[Collection(WebCollection.Name)]
public class GrantMalformedInputTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

    [Fact]
    public async Task Malformed_reports_and_inputs_are_refused_with_a_message_saying_what_to_fix()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using var beneficiary = await app.ClientAsAsync("lead@asso.example", Roles.Applicant, "en");
        var callId = await CreatePublishedCallAsync(admin);
        var applicationId = await SelectedDossierAsync(app, admin, beneficiary, callId, 1);
        var id = await SelectAsync(app, applicationId, callId);
        var grant = await Node(await admin.GetAsync($"/api/grants/{id}"));
        var interim = $"/api/grants/{id}/reports/{IdOf(grant, "reports", "interim")}";

        await Refused(beneficiary.PostAsync(interim, ValidReport()), HttpStatusCode.Conflict, "The agreement of this grant is not signed yet");
        await Refused(admin.PostAsJsonAsync($"/api/grants/{id}/agreement", new { signedDate = "2027-03-01" }), HttpStatusCode.UnprocessableEntity,
            "Give the day the funded project starts (yyyy-mm-dd).");
        await Refused(admin.PostAsJsonAsync($"/api/grants/{id}/agreement", new { signedDate = "2027-03-02", startDate = "2027-04-01" }), HttpStatusCode.UnprocessableEntity,
            "The signature date 2027-03-02 is in the future (today is 2027-03-01 in Europe/Paris).");
        await Refused(admin.PostAsJsonAsync($"/api/grants/{id}/agreement", new { signedDate = "2027-03-01", startDate = "2027-04-01", endDate = "2027-03-31" }),
            HttpStatusCode.UnprocessableEntity, "The end date must come after the start date.");
        await Refused(admin.PostAsJsonAsync($"/api/grants/{id}/agreement", new { signedDate = "1st of March", startDate = "2027-04-01" }), HttpStatusCode.BadRequest, "");
        await Expect(await admin.PostAsJsonAsync($"/api/grants/{id}/agreement", new { signedDate = "2027-03-01", startDate = "2027-04-01" }), HttpStatusCode.OK);
        await Refused(admin.PostAsJsonAsync($"/api/grants/{id}/agreement", new { signedDate = "2027-03-01", startDate = "2027-04-01" }), HttpStatusCode.Conflict,
            "already signed");

        await Refused(beneficiary.PostAsJsonAsync(interim, new { jobsCreated = 3 }), HttpStatusCode.UnprocessableEntity, "Send the report as multipart/form-data");
        await Refused(beneficiary.PostAsync(interim, ReportForm(null, "x", ("jobsCreated", "3"), ("partners", "5"))), HttpStatusCode.UnprocessableEntity,
            "No document was sent: add the report as a file part named 'file'.");
        await Refused(beneficiary.PostAsync(interim, ReportForm(Png, "report.pdf", ("jobsCreated", "3"), ("partners", "5"))), HttpStatusCode.UnprocessableEntity,
            "The content of 'report.pdf' is not a PDF, DOCX or ODT document (the type is read from the content, not the name)");
        await Refused(beneficiary.PostAsync(interim, ReportForm(XlsxLike(), "report.docx", ("jobsCreated", "3"), ("partners", "5"))), HttpStatusCode.UnprocessableEntity,
            "is not a PDF, DOCX or ODT document");
        await Refused(beneficiary.PostAsync(interim, ReportForm([], "empty.pdf", ("jobsCreated", "3"), ("partners", "5"))), HttpStatusCode.UnprocessableEntity,
            "The document is empty.");
        await Refused(beneficiary.PostAsync(interim, ReportForm(Pdf, "r.pdf", ("jobsCreated", "3"))), HttpStatusCode.UnprocessableEntity,
            "Give a figure for 'Active partners'.");
        await Refused(beneficiary.PostAsync(interim, ReportForm(Pdf, "r.pdf", ("jobsCreated", "three"), ("partners", "-2"))), HttpStatusCode.UnprocessableEntity,
            "'three' is not a number: give 'Jobs created' as a number, e.g. 3 or 2.5. 'Active partners' cannot be negative.");
        await Refused(beneficiary.PostAsync(interim, ReportForm(Pdf, "r.pdf", ("jobsCreated", "3"), ("partners", "5"), ("turnover", "9"))), HttpStatusCode.UnprocessableEntity,
            "'turnover' is not an indicator of this call; expected: jobsCreated, partners.");
        var badJson = ReportForm(Pdf, "r.pdf");
        badJson.Add(new StringContent("[1,2]"), "indicators");
        await Refused(beneficiary.PostAsync(interim, badJson), HttpStatusCode.UnprocessableEntity, "Field 'indicators' must be a JSON object");
        var twoFiles = ValidReport();
        twoFiles.Add(new ByteArrayContent(Pdf), "annex", "annex.pdf");
        await Refused(beneficiary.PostAsync(interim, twoFiles), HttpStatusCode.UnprocessableEntity, "Send one document per report; 2 files were sent.");

        var json = ReportForm(Pdf, "rapport.pdf");
        json.Add(new StringContent("{\"jobsCreated\": 2, \"partners\": \"4,5\"}"), "indicators");
        var submitted = (await PostAsync(beneficiary, interim, json))!;
        Assert.Equal(4.5m, submitted["reports"]![0]!["indicators"]!["partners"]!.GetValue<decimal>());
        await Refused(beneficiary.PostAsync(interim, ValidReport()), HttpStatusCode.Conflict, "awaits review");
        await Refused(admin.PostAsJsonAsync($"{interim}/request-changes", new { reasons = "  " }), HttpStatusCode.UnprocessableEntity, "the reasons are required");
        await Refused(admin.PostAsync($"/api/grants/{id}/payments/{IdOf(grant, "tranches", "final")}/paid", null), HttpStatusCode.Conflict,
            "The final tranche is not payable yet: it waits for the approval of the final report.");
        await Refused(admin.PostAsJsonAsync($"/api/grants/{id}/payments/{IdOf(grant, "tranches", "signature")}/paid", new { paidOn = "2027-03-02" }),
            HttpStatusCode.UnprocessableEntity, "The payment date 2027-03-02 is in the future");
        await Refused(admin.PostAsync($"/api/grants/{id}/payments/{Guid.NewGuid()}/paid", null), HttpStatusCode.NotFound, "The tranche was not found.");
        await Refused(admin.GetAsync("/api/grants?status=Finished"), HttpStatusCode.UnprocessableEntity, "'Finished' is not a grant status: use one of AwaitingSignature, Active, Closed, Cancelled.");
    }

    [Fact]
    public async Task Withdrawing_a_selected_dossier_cancels_its_grant_and_a_replayed_selection_opens_no_second_one()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using var beneficiary = await app.ClientAsAsync("lead@asso.example", Roles.Applicant);
        var callId = await CreatePublishedCallAsync(admin);
        var applicationId = await SelectedDossierAsync(app, admin, beneficiary, callId, 1);
        var id = await SelectAsync(app, applicationId, callId);
        Assert.Equal(id, await SelectAsync(app, applicationId, callId));

        await Expect(await beneficiary.PostAsync($"/api/applications/{applicationId}/withdraw", null), HttpStatusCode.OK);

        var grant = await Node(await admin.GetAsync($"/api/grants/{id}"));
        Assert.Equal("Cancelled", grant["status"]!.GetValue<string>());
        Assert.Single((await Node(await admin.GetAsync($"/api/grants?callId={callId}&status=Cancelled"))).AsArray());
        Assert.Empty((await Node(await admin.GetAsync($"/api/grants?callId={callId}&status=Active"))).AsArray());
        Assert.Equal(WorkflowStatus.Finished, (await InstanceAsync(app, applicationId)).Status); // woken by the withdrawal, not left waiting
        await Refused(admin.PostAsJsonAsync($"/api/grants/{id}/agreement", new { signedDate = "2027-03-01", startDate = "2027-04-01" }), HttpStatusCode.Conflict,
            "already signed (the grant is Cancelled)");
    }

    /// <summary>A zip that is an office spreadsheet, not a text document.</summary>
    private static byte[] XlsxLike()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true)) zip.CreateEntry("xl/workbook.xml");
        return buffer.ToArray();
    }

    private static async Task Refused(Task<HttpResponseMessage> request, HttpStatusCode status, string message)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains("application/problem+json", response.Content.Headers.ContentType?.ToString() ?? "");
        Assert.Contains(message.Replace("'", "\\u0027"), body.Replace("'", "\\u0027"));
    }
}
