using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>Every submission endpoint tried as anonymous, applicant A, applicant B and an administrator, in that order.</summary>
[Collection(WebCollection.Name)]
public class AuthorizationMatrixTests
{
    private sealed record Row(string Name, HttpMethod Method, Func<string> Url, Func<HttpContent?> Body, HttpStatusCode Anonymous, HttpStatusCode A, HttpStatusCode B, HttpStatusCode Admin);

    [Fact]
    public async Task Every_endpoint_answers_the_right_status_to_anonymous_applicant_A_applicant_B_and_the_administrator()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using var a = await app.ClientAsAsync("a@asso.example", Roles.Applicant);
        using var b = await app.ClientAsAsync("b@asso.example", Roles.Applicant);
        using var anonymous = app.CreateClient();
        var callId = await CreatePublishedCallAsync(admin);
        var draftCall = (await Json(await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(Phases, "DRAFT-1"))))["id"]!.GetValue<Guid>();
        var orgA = await CreateOrganisationAsync(a, 1);
        await CreateOrganisationAsync(b, 2);
        var appA = await CreateDraftAsync(a, callId, orgA);
        var appA2 = await CreateDraftAsync(a, callId, orgA);
        await CompleteAsync(a, appA, 1);
        var attachment = (await Node(await a.GetAsync($"/api/applications/{appA}")))["attachments"]![0]!["id"]!.GetValue<Guid>();
        var input = () => (HttpContent)JsonContent.Create(PtceCall.Input(Phases, "NEW-1"));
        var none = () => (HttpContent?)null;
        const HttpStatusCode ok = HttpStatusCode.OK, created = HttpStatusCode.Created, unauthorized = HttpStatusCode.Unauthorized,
            forbidden = HttpStatusCode.Forbidden, notFound = HttpStatusCode.NotFound;

        Row[] rows =
        [
            new("list calls", HttpMethod.Get, () => "/api/calls", none, ok, ok, ok, ok),
            new("read published call", HttpMethod.Get, () => $"/api/calls/{callId}", none, ok, ok, ok, ok),
            new("read draft call", HttpMethod.Get, () => $"/api/calls/{draftCall}", none, notFound, notFound, notFound, ok),
            new("create call", HttpMethod.Post, () => "/api/calls", input, unauthorized, forbidden, forbidden, created),
            new("update call", HttpMethod.Put, () => $"/api/calls/{draftCall}", input, unauthorized, forbidden, forbidden, ok),
            new("publish call", HttpMethod.Post, () => $"/api/calls/{draftCall}/publish", none, unauthorized, forbidden, forbidden, ok),
            new("copy call", HttpMethod.Post, () => $"/api/calls/{callId}/copy", none, unauthorized, forbidden, forbidden, created),
            new("late exception", HttpMethod.Post, () => $"/api/calls/{callId}/late-exceptions",
                () => JsonContent.Create(new { organisationId = orgA, until = "2027-03-16T12:00:00", reason = "Strike" }), unauthorized, forbidden, forbidden, created),
            new("list dossiers of call", HttpMethod.Get, () => $"/api/calls/{callId}/applications", none, unauthorized, forbidden, forbidden, ok),
            new("call audit", HttpMethod.Get, () => $"/api/calls/{callId}/audit", none, unauthorized, forbidden, forbidden, ok),
            new("verify audit", HttpMethod.Get, () => "/api/audit/verify", none, unauthorized, forbidden, forbidden, ok),
            new("create dossier", HttpMethod.Post, () => $"/api/calls/{callId}/applications",
                () => JsonContent.Create(new { leadOrganisationId = orgA }), unauthorized, created, HttpStatusCode.UnprocessableEntity, forbidden),
            new("my dossiers", HttpMethod.Get, () => "/api/applications", none, unauthorized, ok, ok, ok),
            new("read dossier", HttpMethod.Get, () => $"/api/applications/{appA}", none, unauthorized, ok, notFound, ok),
            new("save answers", HttpMethod.Put, () => $"/api/applications/{appA}/answers",
                () => JsonContent.Create(new { answers = new { territory = "Lot" } }), unauthorized, ok, notFound, forbidden),
            new("upload", HttpMethod.Post, () => $"/api/applications/{appA}/attachments", () => Upload(), unauthorized, created, notFound, forbidden),
            new("download", HttpMethod.Get, () => $"/api/applications/{appA}/attachments/{attachment}", none, unauthorized, ok, notFound, ok),
            new("submit", HttpMethod.Post, () => $"/api/applications/{appA}/submit", none, unauthorized, ok, notFound, forbidden),
            new("withdraw", HttpMethod.Post, () => $"/api/applications/{appA2}/withdraw", none, unauthorized, ok, notFound, forbidden),
            new("admissibility", HttpMethod.Post, () => $"/api/applications/{appA}/admissibility",
                () => JsonContent.Create(new { decision = "Admissible", reason = "Complete" }), unauthorized, forbidden, forbidden, ok),
        ];

        var failures = new List<string>();
        foreach (var row in rows)
        {
            foreach (var (who, client, expected) in new[] { ("anonymous", anonymous, row.Anonymous), ("A", a, row.A), ("B", b, row.B), ("admin", admin, row.Admin) })
            {
                using var response = await client.SendAsync(new HttpRequestMessage(row.Method, row.Url()) { Content = row.Body() });
                if (response.StatusCode != expected)
                    failures.Add($"{row.Name} as {who}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                if (expected is notFound or forbidden or unauthorized)
                    Assert.DoesNotContain("PTCE-2027-0001\"", await response.Content.ReadAsStringAsync());
            }
        }
        Assert.Empty(failures);
    }

    private static HttpContent Upload()
    {
        var form = new MultipartFormDataContent { { new StringContent("partnershipLetters"), "fieldKey" } };
        form.Add(new ByteArrayContent(Pdf), "file", "letters.pdf");
        return form;
    }
}
