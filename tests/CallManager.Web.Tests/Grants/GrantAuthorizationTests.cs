using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using static CallManager.Web.Tests.Grants.GrantDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Grants;

/// <summary>Every grants endpoint tried as anonymous, the beneficiary, another applicant, a reviewer and an administrator, in that order.</summary>
[Collection(WebCollection.Name)]
public class GrantAuthorizationTests
{
    private sealed record Row(string Name, HttpMethod Method, Func<string> Url, Func<HttpContent?> Body,
        HttpStatusCode Anonymous, HttpStatusCode Beneficiary, HttpStatusCode Other, HttpStatusCode Reviewer, HttpStatusCode Admin);

    [Fact]
    public async Task Every_grant_endpoint_answers_the_right_status_to_each_kind_of_caller_and_others_never_learn_the_grant_exists()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using var beneficiary = await app.ClientAsAsync("lead@asso.example", Roles.Applicant);
        using var other = await app.ClientAsAsync("other@asso.example", Roles.Applicant);
        using var reviewer = await app.ClientAsAsync("reviewer@expert.example", Roles.Reviewer);
        using var anonymous = app.CreateClient();
        var callId = await CreatePublishedCallAsync(admin);
        var applicationId = await SelectedDossierAsync(app, admin, beneficiary, callId, 1);
        await CreateOrganisationAsync(other, 2);
        var id = await SelectAsync(app, applicationId, callId);
        var grant = (await Node(await admin.GetAsync($"/api/grants/{id}")));
        var (interim, final) = (IdOf(grant, "reports", "interim"), IdOf(grant, "reports", "final"));
        var signature = IdOf(grant, "tranches", "signature");
        var none = () => (HttpContent?)null;
        const HttpStatusCode ok = HttpStatusCode.OK, unauthorized = HttpStatusCode.Unauthorized, forbidden = HttpStatusCode.Forbidden,
            notFound = HttpStatusCode.NotFound, conflict = HttpStatusCode.Conflict;

        Row[] rows =
        [
            new("read", HttpMethod.Get, () => $"/api/grants/{id}", none, unauthorized, ok, notFound, notFound, ok),
            new("sign", HttpMethod.Post, () => $"/api/grants/{id}/agreement",
                () => JsonContent.Create(new { signedDate = "2027-03-01", startDate = "2027-04-01" }), unauthorized, forbidden, notFound, notFound, ok),
            new("submit interim", HttpMethod.Post, () => $"/api/grants/{id}/reports/{interim}", () => ValidReport(), unauthorized, ok, notFound, notFound, forbidden),
            new("document", HttpMethod.Get, () => $"/api/grants/{id}/reports/{interim}/document", none, unauthorized, ok, notFound, notFound, ok),
            new("approve interim", HttpMethod.Post, () => $"/api/grants/{id}/reports/{interim}/approve", none, unauthorized, forbidden, notFound, notFound, ok),
            new("submit final", HttpMethod.Post, () => $"/api/grants/{id}/reports/{final}", () => ValidReport(), unauthorized, ok, notFound, notFound, forbidden),
            new("request changes", HttpMethod.Post, () => $"/api/grants/{id}/reports/{final}/request-changes",
                () => JsonContent.Create(new { reasons = "Missing annex." }), unauthorized, forbidden, notFound, notFound, ok),
            new("pay", HttpMethod.Post, () => $"/api/grants/{id}/payments/{signature}/paid", none, unauthorized, forbidden, notFound, notFound, ok),
            new("pay twice", HttpMethod.Post, () => $"/api/grants/{id}/payments/{signature}/paid", none, unauthorized, forbidden, notFound, notFound, conflict),
            new("unknown grant", HttpMethod.Get, () => $"/api/grants/{Guid.NewGuid()}", none, unauthorized, notFound, notFound, notFound, notFound),
        ];

        var failures = new List<string>();
        foreach (var row in rows)
        {
            foreach (var (who, client, expected) in new[] { ("anonymous", anonymous, row.Anonymous), ("beneficiary", beneficiary, row.Beneficiary),
                         ("other applicant", other, row.Other), ("reviewer", reviewer, row.Reviewer), ("admin", admin, row.Admin) })
            {
                using var response = await client.SendAsync(new HttpRequestMessage(row.Method, row.Url()) { Content = row.Body() });
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != expected) failures.Add($"{row.Name} as {who}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
                if (expected is notFound or unauthorized) Assert.DoesNotContain("PTCE-2027-0001", body);
            }
        }
        Assert.Empty(failures);

        foreach (var (who, client, count) in new[] { ("beneficiary", beneficiary, 1), ("other applicant", other, 0), ("reviewer", reviewer, 0), ("admin", admin, 1) })
            Assert.True((await Node(await client.GetAsync("/api/grants"))).AsArray().Count == count, $"GET /api/grants as {who} should list {count} grant(s).");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/grants")).StatusCode);
    }
}
