using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Localisation;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CallManager.Web.Tests.Accounts;

/// <summary>
/// Sign-in, registration, reset, confirmation and the token endpoint are rate-limited per client address and per account,
/// with the framework's rate limiter: past the limit a 429 with <c>Retry-After</c>, problem details on the API and the error page for browsers.
/// </summary>
[Collection(WebCollection.Name)]
public class RateLimitTests
{
    [Theory]
    [InlineData("SignIn", "POST", "/api/auth/login", """{"email":"a@asso.example","password":"wrong-password-1"}""")]
    [InlineData("ApiToken", "POST", "/api/auth/refresh", """{"refreshToken":"not-a-token"}""")]
    [InlineData("Registration", "POST", "/api/auth/register", """{"email":"","password":""}""")]
    [InlineData("PasswordReset", "POST", "/api/auth/forgotPassword", """{"email":"nobody@asso.example"}""")]
    [InlineData("Confirmation", "GET", "/api/auth/confirmEmail?userId=x&code=y", null)]
    public async Task The_third_attempt_from_one_client_is_refused_with_429_and_Retry_After(string bucket, string method, string path, string? body)
    {
        await using var app = Limited(new() { [$"RateLimits:{bucket}:PerClient"] = "2", [$"RateLimits:{bucket}:Window"] = "01:00:00" });
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            last = await client.SendAsync(request);
            statuses.Add(last.StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(2));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2]);
        Assert.InRange(last.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 3600);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await last.Content.ReadAsStringAsync())!;
        Assert.Equal(429, problem["status"]!.GetValue<int>());
        Assert.StartsWith("Too many attempts: wait ", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_refusal_is_in_French_when_the_client_asks_for_it()
    {
        await using var app = Limited(new() { ["RateLimits:SignIn:PerClient"] = "1" });
        using var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/auth/login", new { email = "a@asso.example", password = "wrong-password-1" });

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email = "a@asso.example", password = "x" }) };
        request.Headers.AcceptLanguage.ParseAdd("fr");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Matches("^Trop de tentatives\u00A0: attendez \\d+\u00A0secondes avant de réessayer\\.$", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reset_requests_naming_one_account_are_limited_whatever_the_client_while_other_accounts_go_on()
    {
        await using var app = Limited(new() { ["RateLimits:PasswordReset:PerAccount"] = "2" });
        await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        using var client = app.CreateClient();

        var first = await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email = "lea@asso.example" });
        var second = await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email = "LEA@asso.example " });
        var third = await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email = "lea@asso.example" });
        var other = await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email = "tom@asso.example" });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            new[] { first.StatusCode, second.StatusCode, third.StatusCode, other.StatusCode });
    }

    [Fact]
    public async Task Sign_in_attempts_on_one_account_are_limited_even_with_the_right_password()
    {
        await using var app = Limited(new() { ["RateLimits:SignIn:PerAccount"] = "2" });
        await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        using var client = app.CreateClient();

        for (var i = 0; i < 2; i++) await client.PostAsJsonAsync("/api/auth/login", new { email = "lea@asso.example", password = "wrong-password-1" });
        var right = await client.PostAsJsonAsync("/api/auth/login", new { email = "lea@asso.example", password = ApiClientExtensions.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }

    [Theory]
    [InlineData(null, "Trop de tentatives", "Réessayez dans 60\u00A0minutes.")]
    [InlineData("en", "Too many attempts", "Try again in 60 minutes.")]
    public async Task The_sign_in_page_answers_429_with_a_page_that_says_how_long_to_wait(string? culture, string title, string wait)
    {
        await using var app = Limited(new() { ["RateLimits:SignIn:PerClient"] = "2", ["RateLimits:SignIn:Window"] = "01:00:00" });
        var session = new PageSession(app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false }));
        var query = culture is null ? "" : $"?culture={culture}&ui-culture={culture}";

        HttpResponseMessage response = null!;
        for (var i = 0; i < 3; i++)
            response = await session.PostFormAsync("/Account/Login" + query, "/Account/Login" + query, new() { ["Input.Email"] = "a@asso.example", ["Input.Password"] = "wrong-password-1" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains(wait, html);
    }

    [Fact]
    public async Task Opening_the_sign_in_page_is_not_an_attempt()
    {
        await using var app = Limited(new() { ["RateLimits:SignIn:PerClient"] = "1" });
        using var client = app.CreateClient();

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    private static CallManagerApp Limited(Dictionary<string, string?> settings)
    {
        settings["RateLimits:Enabled"] = "true";
        return new CallManagerApp(settings: settings);
    }
}
