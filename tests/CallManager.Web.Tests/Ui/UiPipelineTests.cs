using System.Net;
using CallManager.Web.Tests.Infrastructure;

namespace CallManager.Web.Tests.Ui;

[Collection(WebCollection.Name)]
public class UiPipelineTests
{
    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "lea@asso.example", ["Input.Password"] = "Correct-Horse-42",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_stylesheet_is_served_and_an_unknown_api_path_keeps_answering_without_an_html_page()
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient();

        var css = await client.GetAsync("/css/site.css");
        var api = await client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Contains("--brand", await css.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("<html", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_language_cookie_turns_the_pages_to_English()
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c=en|uic=en");

        var html = await client.GetStringAsync("/Account/Login");

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<h1>Sign in</h1>", html);
    }
}
