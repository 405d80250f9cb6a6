using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;
using CallManager.Domain.Accounts;

namespace CallManager.Web.Tests.Hosting;

/// <summary>Cross-site request forgery on the API: the session cookie alone never changes anything.</summary>
[Collection(WebCollection.Name)]
public class ApiCsrfTests
{
    [Fact]
    public async Task Cookie_authenticated_changes_without_the_antiforgery_header_are_refused_with_or_without_a_body_multipart_included()
    {
        await using var app = new CallManagerApp();
        var (_, dossier) = await DraftAsync(app);
        using var forged = await app.CookieLoginAsync("lea@asso.example", antiforgery: false);
        forged.DefaultRequestHeaders.Add("Origin", "http://evil.example");

        await ExpectRefusedAsync(await forged.PostAsync($"/api/applications/{dossier}/withdraw", null));
        await ExpectRefusedAsync(await SubmissionDriver.SaveAnswersAsync(forged, dossier, 1));
        await ExpectRefusedAsync(await SubmissionDriver.UploadAsync(forged, dossier, "statutes", SubmissionDriver.Pdf, "statuts.pdf"));
        await ExpectRefusedAsync(await forged.PostAsJsonAsync("/api/organisations", new { name = "Forged", siren = SubmissionDriver.Siren(9), legalForm = "SAS", socialEconomy = false, region = "Lot" }));

        using var owner = await app.LoginAsync("lea@asso.example");
        var stored = await SubmissionDriver.Json(await owner.GetAsync($"/api/applications/{dossier}"));
        Assert.Equal("Draft", stored["status"]!.GetValue<string>());
        Assert.Empty(stored["attachments"]!.AsArray());
    }

    [Fact]
    public async Task A_wrong_or_another_sessions_token_is_refused()
    {
        await using var app = new CallManagerApp();
        var (_, dossier) = await DraftAsync(app);
        await app.CreateUserAsync("marc@asso.example", Roles.Applicant);
        using var other = await app.CookieLoginAsync("marc@asso.example");
        using var forged = await app.CookieLoginAsync("lea@asso.example", antiforgery: false);

        forged.DefaultRequestHeaders.Add("X-CSRF-Token", other.DefaultRequestHeaders.GetValues("X-CSRF-Token").Single());
        await ExpectRefusedAsync(await forged.PostAsync($"/api/applications/{dossier}/withdraw", null));
        forged.DefaultRequestHeaders.Remove("X-CSRF-Token");
        forged.DefaultRequestHeaders.Add("X-CSRF-Token", "not-a-token");
        await ExpectRefusedAsync(await forged.PostAsync($"/api/applications/{dossier}/withdraw", null));
    }

    [Fact]
    public async Task The_same_requests_with_the_token_of_the_session_are_accepted()
    {
        await using var app = new CallManagerApp();
        var (_, dossier) = await DraftAsync(app);
        using var client = await app.CookieLoginAsync("lea@asso.example");

        await SubmissionDriver.Expect(await SubmissionDriver.SaveAnswersAsync(client, dossier, 1), HttpStatusCode.OK);
        await SubmissionDriver.Expect(await SubmissionDriver.UploadAsync(client, dossier, "statutes", SubmissionDriver.Pdf, "statuts.pdf"), HttpStatusCode.Created);
        await SubmissionDriver.Expect(await client.PostAsync($"/api/applications/{dossier}/withdraw", null), HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_refusal_is_in_French_when_the_client_asks_for_French()
    {
        await using var app = new CallManagerApp();
        var (_, dossier) = await DraftAsync(app);
        using var forged = await app.CookieLoginAsync("lea@asso.example", antiforgery: false);
        forged.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");

        var response = await forged.PostAsync($"/api/applications/{dossier}/withdraw", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("Cette requête est authentifiée par le cookie de session", (await SubmissionDriver.Json(response))["detail"]!.GetValue<string>());
    }

    private static async Task<(Guid Call, Guid Dossier)> DraftAsync(CallManagerApp app)
    {
        var driver = new SubmissionDriver(app);
        var call = await SubmissionDriver.CreatePublishedCallAsync(await driver.AdminAsync());
        using var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant);
        var organisation = await SubmissionDriver.CreateOrganisationAsync(applicant, 1);
        return (call, await SubmissionDriver.CreateDraftAsync(applicant, call, organisation));
    }

    private static async Task ExpectRefusedAsync(HttpResponseMessage response)
    {
        await SubmissionDriver.Expect(response, HttpStatusCode.Forbidden);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "This request was signed in by the session cookie but carries no valid antiforgery token: send the X-CSRF-Token header (its value from GET /api/auth/antiforgery) or sign in with a bearer token.",
            (await SubmissionDriver.Json(response))["detail"]!.GetValue<string>());
    }
}
