using System.Net;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;
using CallManager.Domain.Accounts;

namespace CallManager.Web.Tests.Hosting;

/// <summary>Security headers on pages, API answers, errors and downloads; HSTS outside Development; the dashboard's own policy.</summary>
[Collection(WebCollection.Name)]
public class SecurityHeadersTests
{
    [Fact]
    public async Task Pages_API_answers_and_errors_carry_a_strict_policy_with_a_fresh_nonce_and_the_other_headers()
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var first = await client.GetAsync("/");
        var second = await client.GetAsync("/");
        foreach (var response in new[] { first, second, await client.GetAsync("/api/nothing-here"), await client.GetAsync("/no-such-page") })
        {
            var policy = Header(response, "Content-Security-Policy");
            Assert.Matches("^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'; style-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'; ", policy);
            Assert.DoesNotContain("unsafe", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.Contains("object-src 'none'", policy);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
            Assert.StartsWith("camera=(), microphone=(), geolocation=()", Header(response, "Permissions-Policy"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.False(response.Headers.Contains("Server"));
        }
        Assert.NotEqual(Header(first, "Content-Security-Policy"), Header(second, "Content-Security-Policy"));
    }

    [Fact]
    public async Task HSTS_is_sent_over_HTTPS_outside_Development()
    {
        await using var app = new CallManagerApp();
        using var secure = app.CreateClient(new() { BaseAddress = new Uri("https://callmanager.example"), AllowAutoRedirect = false });
        using var plain = app.CreateClient(new() { BaseAddress = new Uri("http://callmanager.example"), AllowAutoRedirect = false });

        Assert.Equal("max-age=31536000", Header(await secure.GetAsync("/"), "Strict-Transport-Security"));
        Assert.False((await plain.GetAsync("/")).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task An_uploaded_file_is_always_downloaded_as_an_attachment_with_nosniff()
    {
        await using var app = new CallManagerApp();
        var driver = new SubmissionDriver(app);
        var call = await SubmissionDriver.CreatePublishedCallAsync(await driver.AdminAsync());
        using var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant);
        var dossier = await SubmissionDriver.CreateDraftAsync(applicant, call, await SubmissionDriver.CreateOrganisationAsync(applicant, 1));
        var uploaded = await SubmissionDriver.UploadAsync(applicant, dossier, "statutes", SubmissionDriver.Pdf, "statuts.pdf");
        await SubmissionDriver.Expect(uploaded, HttpStatusCode.Created);
        var attachment = (await SubmissionDriver.Json(uploaded))["id"]!.GetValue<Guid>();

        var download = await applicant.GetAsync($"/api/applications/{dossier}/attachments/{attachment}");

        await SubmissionDriver.Expect(download, HttpStatusCode.OK);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", Header(download, "X-Content-Type-Options"));
        Assert.Contains("default-src 'self'", Header(download, "Content-Security-Policy"));
    }

    [Fact]
    public async Task The_Hangfire_dashboard_gets_its_own_policy_still_refusing_frames()
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var policy = Header(await client.GetAsync("/hangfire"), "Content-Security-Policy");

        Assert.Contains("script-src 'self' 'unsafe-inline'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : "";
}
