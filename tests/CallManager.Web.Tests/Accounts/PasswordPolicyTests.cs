using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Hosting;
using CallManager.Web.Tests.Infrastructure;

namespace CallManager.Web.Tests.Accounts;

/// <summary>Passwords per NIST SP 800-63B: 12 characters at least, and none of the common breached passwords.</summary>
[Collection(WebCollection.Name)]
public class PasswordPolicyTests
{
    [Theory]
    [InlineData("password1234", null, "This password is one of the most common and most often breached: choose another one, for example a phrase of several words.")]
    [InlineData("Password-2024!", null, "This password is one of the most common and most often breached: choose another one, for example a phrase of several words.")]
    [InlineData("  Azerty123456", "fr", "Ce mot de passe figure parmi les plus courants et les plus souvent piratés : choisissez-en un autre, par exemple une phrase de plusieurs mots.")]
    public async Task A_common_password_is_refused_in_the_language_the_client_asks_for(string password, string? language, string expected)
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register") { Content = JsonContent.Create(new { email = "new@asso.example", password }) };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(expected, Assert.Single(errors["CommonPassword"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Eleven_characters_are_too_few_and_an_uncommon_phrase_of_twelve_is_accepted()
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient();

        var shortOne = await client.PostAsJsonAsync("/api/auth/register", new { email = "short@asso.example", password = "Vélo-Lot-46" });
        var phrase = await client.PostAsJsonAsync("/api/auth/register", new { email = "phrase@asso.example", password = "vélo rouge du lot" });

        Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);
        Assert.Contains("PasswordTooShort", await shortOne.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, phrase.StatusCode);
    }

    [Theory]
    [InlineData("password", true)]
    [InlineData("PASSWORD", true)]
    [InlineData("123password!!", true)]
    [InlineData("Demo-Password-2027", false)]
    [InlineData("Correct-Horse-42", false)]
    public void The_shipped_list_matches_case_and_decorations(string password, bool common) =>
        Assert.Equal(common, CommonPasswordValidator.IsCommon(password));
}
