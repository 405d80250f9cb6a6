using System.Net;
using System.Net.Http.Json;
using System.Text;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>Malformed or hostile input answers 4xx with a message that says what to fix, never 500.</summary>
[Collection(WebCollection.Name)]
public class MalformedInputTests
{
    [Fact]
    public async Task Bad_calls_organisations_answers_and_files_are_refused_with_useful_messages()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using var applicant = await app.ClientAsAsync("a@asso.example", Roles.Applicant);
        var callId = await CreatePublishedCallAsync(admin);
        var org = await CreateOrganisationAsync(applicant, 1);
        var id = await CreateDraftAsync(applicant, callId, org);

        await Refused(await admin.PostAsync("/api/calls", new StringContent("{\"code\": \"X\",", Encoding.UTF8, "application/json")), 400, "JSON");
        await Refused(await admin.PostAsync("/api/calls", new StringContent("{\"titel\": \"X\"}", Encoding.UTF8, "application/json")), 400, "titel");
        var outOfOrder = PtceCall.Input(Phases with { SubmissionDeadline = new DateTime(2027, 1, 1, 12, 0, 0) }, "BAD-1");
        await Refused(await admin.PostAsJsonAsync("/api/calls", outOfOrder), 422, "submissionDeadline must come after opensAt");
        var gap = PtceCall.Input(Phases with { SubmissionDeadline = new DateTime(2027, 3, 28, 2, 30, 0) }, "BAD-2");
        await Refused(await admin.PostAsJsonAsync("/api/calls", gap), 422, "does not exist in Europe/Paris");
        await Refused(await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(Phases, "BAD-3") with { TimeZone = "Mars/Olympus" }), 422, "not a known time zone");
        await Refused(await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(Phases, "BAD-4") with { Criteria = [PtceCall.Criteria[0]] }), 422, "must add up to 100");
        await Refused(await applicant.PostAsJsonAsync("/api/organisations", new { name = "X", siren = "123456789", legalForm = "SAS" }), 422, "not a valid SIREN");

        await Refused(await applicant.PutAsJsonAsync($"/api/applications/{id}/answers", new { answers = new { colour = "blue" } }), 422, "'colour' is not a field");
        await Refused(await applicant.PutAsJsonAsync($"/api/applications/{id}/answers", new { answers = new { title = new string('x', 201) } }), 422, "at most 200 allowed");
        await Refused(await applicant.PutAsJsonAsync($"/api/applications/{id}/answers", new { answers = new { requestedAmount = "lots" } }), 422, "expected a number");
        await Refused(await applicant.PutAsJsonAsync($"/api/applications/{id}/answers", new { answers = new { startDate = "31/12/2027" } }), 422, "YYYY-MM-DD");
        await Refused(await applicant.PutAsync($"/api/applications/{id}/answers", new StringContent("[1,2", Encoding.UTF8, "application/json")), 400, "JSON");

        var exe = Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0 this program cannot be run in DOS mode");
        await Refused(await UploadAsync(applicant, id, "statutes", exe, "statuts.pdf"), 422, "the type is read from the content");
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        await Refused(await UploadAsync(applicant, id, "statutes", png, "statuts.png", "image/png"), 422, "accepted: pdf");
        var big = new byte[5 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        await Refused(await UploadAsync(applicant, id, "statutes", big, "statuts.pdf"), 422, "larger than the 5 MB");
        await Refused(await UploadAsync(applicant, id, "title", Pdf, "x.pdf"), 422, "not a file field");
        await Refused(await applicant.PostAsJsonAsync($"/api/applications/{id}/attachments", new { file = "x" }), 422, "multipart/form-data");

        var incomplete = await applicant.PostAsync($"/api/applications/{id}/submit", null);
        await Refused(incomplete, 422, "this answer is required");
        var errors = (await Json(incomplete))["errors"]!.AsObject();
        Assert.Equal(["budgetFile", "requestedAmount", "statutes", "summary", "territory", "title"], errors.Select(e => e.Key).Order().ToList());
        await Refused(await applicant.GetAsync("/api/applications/not-a-guid"), 404, "");
    }

    [Fact]
    public async Task A_downloaded_attachment_keeps_its_content_and_a_sanitised_name()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using var applicant = await app.ClientAsAsync("a@asso.example", Roles.Applicant);
        var callId = await CreatePublishedCallAsync(admin);
        var id = await CreateDraftAsync(applicant, callId, await CreateOrganisationAsync(applicant, 1));

        var uploaded = await Json(await UploadAsync(applicant, id, "statutes", Pdf, "../../etc/passwd;statuts:v2.pdf"));
        var download = await applicant.GetAsync($"/api/applications/{id}/attachments/{uploaded["id"]}");

        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("passwd_statuts_v2.pdf", download.Content.Headers.ContentDisposition!.FileNameStar);
        // The name is cleaned when the file is stored, not only when it is served (issue 18: folders and separators never kept).
        Assert.Equal("passwd_statuts_v2.pdf", uploaded["originalName"]!.GetValue<string>());
    }

    private static async Task Refused(HttpResponseMessage response, int status, string fragment)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{response.RequestMessage!.RequestUri}: expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains(fragment, body);
    }
}
