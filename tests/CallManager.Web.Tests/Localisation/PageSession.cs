using System.Net;
using System.Text.RegularExpressions;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CallManager.Web.Tests.Localisation;

/// <summary>A cookie session on the Razor pages without a browser: signs in through the login form and posts forms with their antiforgery token.</summary>
public sealed partial class PageSession(HttpClient client)
{
    /// <summary>Signs <paramref name="email"/> in through <c>/Account/Login</c>.</summary>
    public static async Task<PageSession> SignInAsync(CallManagerApp app, string email)
    {
        var session = new PageSession(app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false }));
        var response = await session.PostFormAsync("/Account/Login", "/Account/Login",
            new() { ["Input.Email"] = email, ["Input.Password"] = ApiClientExtensions.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    /// <summary>Opens <paramref name="page"/> for its antiforgery token, posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The response to <paramref name="url"/> in the session, redirects not followed.</summary>
    public Task<HttpResponseMessage> GetAsync(string url) => client.GetAsync(url);

    /// <summary>The HTML of <paramref name="url"/> (e.g. where a form redirected to), in the session.</summary>
    public Task<string> GetStringAsync(string url) => client.GetStringAsync(url);

    /// <summary>The texts of the page's error summary, HTML decoded.</summary>
    public static async Task<List<string>> ErrorsAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var summary = Summary().Match(html).Groups[1].Value;
        return Item().Matches(summary).Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", "")).Trim()).ToList();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("""<ul class="error-summary__list">(.*?)</ul>""", RegexOptions.Singleline)]
    private static partial Regex Summary();

    [GeneratedRegex("""<li>(.*?)</li>""", RegexOptions.Singleline)]
    private static partial Regex Item();
}
