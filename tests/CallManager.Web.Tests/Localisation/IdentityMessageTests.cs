using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Reviews;
using CallManager.Web.Tests.Submissions;
using CallManager.Domain.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CallManager.Web.Tests.Localisation;

/// <summary>
/// Identity's refusals (password rules, expired link) in the reader's language: the API in English
/// unless the client asks for French, the registration page in the page's language, inside a refusal of the domain in the same language
/// as the refusal; Identity's codes unchanged.
/// </summary>
[Collection(WebCollection.Name)]
public class IdentityMessageTests
{
    private const string Taken = "lea@asso.example";

    [Theory]
    [InlineData(null, "The password must be at least 12 characters long.")]
    [InlineData("fr-FR,fr;q=0.9,en;q=0.5", "Le mot de passe doit faire au moins 12 caractères.")]
    [InlineData("en-GB,fr;q=0.5", "The password must be at least 12 characters long.")]
    public async Task The_API_refuses_a_too_short_password_in_the_language_the_client_asks_for(string? acceptLanguage, string expected)
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient();

        var response = await PostAsync(client, "/api/auth/register", new { email = "new@asso.example", password = "Court-1" }, acceptLanguage);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(new Dictionary<string, string[]> { ["PasswordTooShort"] = [expected] }, await ErrorsAsync(response));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("fr")]
    public async Task The_API_answers_an_address_already_used_as_it_answers_a_new_one(string? acceptLanguage)
    {
        await using var app = new CallManagerApp();
        await app.CreateUserAsync(Taken, Roles.Applicant);
        using var client = app.CreateClient();

        // No enumeration: the owner of the address is mailed instead (RegistrationTests).
        var taken = await PostAsync(client, "/api/auth/register", new { email = Taken, password = ApiClientExtensions.Password }, acceptLanguage);
        var fresh = await PostAsync(client, "/api/auth/register", new { email = "fresh@asso.example", password = ApiClientExtensions.Password }, acceptLanguage);

        Assert.Equal((HttpStatusCode.OK, ""), (taken.StatusCode, await taken.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, ""), (fresh.StatusCode, await fresh.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData(null, "This link is out of date or already used. Ask for a new one.")]
    [InlineData("fr", "Ce lien est périmé ou déjà utilisé. Demandez-en un nouveau.")]
    public async Task The_API_refuses_a_wrong_reset_code_in_the_language_the_client_asks_for(string? acceptLanguage, string expected)
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient();

        var response = await PostAsync(client, "/api/auth/resetPassword",
            new { email = "nobody@asso.example", resetCode = "bm90LWEtY29kZQ", newPassword = ApiClientExtensions.Password }, acceptLanguage);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(new Dictionary<string, string[]> { ["InvalidToken"] = [expected] }, await ErrorsAsync(response));
    }

    [Theory]
    [InlineData(null, "Ce mot de passe figure parmi les plus courants et les plus souvent piratés : choisissez-en un autre, par exemple une phrase de plusieurs mots.")]
    [InlineData("en", "This password is one of the most common and most often breached: choose another one, for example a phrase of several words.")]
    public async Task The_registration_page_explains_the_password_rules_in_the_language_of_the_page(string? culture, string common)
    {
        await using var app = new CallManagerApp();

        // No composition rule any more (NIST SP 800-63B): a common password is what the page explains now.
        var response = await RegisterAsync(app, culture, "new@asso.example", "Password123456!");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([common], await PageSession.ErrorsAsync(response));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en")]
    public async Task The_registration_page_answers_an_address_already_used_as_it_answers_a_new_one(string? culture)
    {
        await using var app = new CallManagerApp();
        await app.CreateUserAsync(Taken, Roles.Applicant);

        var taken = await RegisterAsync(app, culture, Taken, ApiClientExtensions.Password);
        var fresh = await RegisterAsync(app, culture, "fresh@asso.example", ApiClientExtensions.Password);

        Assert.Equal((HttpStatusCode.Redirect, "/Account/RegisterConfirmation?email=lea@asso.example"), (taken.StatusCode, taken.Headers.Location?.OriginalString));
        Assert.Equal((HttpStatusCode.Redirect, "/Account/RegisterConfirmation?email=fresh@asso.example"), (fresh.StatusCode, fresh.Headers.Location?.OriginalString));
    }

    [Theory]
    [InlineData(null,
        "L'adresse « élodie@asso.example » ne peut pas servir d'identifiant : n'utilisez que des lettres sans accent, des chiffres et les signes - . _ @ +.")]
    [InlineData("en", "The address 'élodie@asso.example' cannot be used to sign in: use only unaccented letters, digits and the signs - . _ @ +.")]
    public async Task The_registration_page_explains_which_addresses_can_be_used_to_sign_in(string? culture, string expected)
    {
        await using var app = new CallManagerApp();

        var response = await RegisterAsync(app, culture, "élodie@asso.example", ApiClientExtensions.Password);

        Assert.Equal([expected], await PageSession.ErrorsAsync(response));
    }

    [Theory]
    [InlineData(null, "Could not create the reviewer's account: The address 'o'brien@expert.example' cannot be used to sign in: "
        + "use only unaccented letters, digits and the signs - . _ @ +.")]
    [InlineData("fr", "Impossible de créer le compte de l'évaluateur\u00A0: L'adresse « o'brien@expert.example » ne peut pas servir d'identifiant : "
        + "n'utilisez que des lettres sans accent, des chiffres et les signes - . _ @ +.")]
    public async Task Inviting_a_reviewer_whose_address_Identity_refuses_is_explained_in_one_language(string? acceptLanguage, string expected)
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await SubmissionDriver.CreatePublishedCallAsync(admin);

        var response = await PostAsync(admin, $"/api/calls/{callId}/jury", new { email = "o'brien@expert.example" }, acceptLanguage);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(expected, await ReviewDriver.DetailAsync(response));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? acceptLanguage)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        return client.SendAsync(request);
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        return errors.ToDictionary(e => e.Key, e => e.Value!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
    }

    private static Task<HttpResponseMessage> RegisterAsync(CallManagerApp app, string? culture, string email, string password)
    {
        var session = new PageSession(app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false }));
        var query = culture is null ? "" : $"?culture={culture}&ui-culture={culture}";
        return session.PostFormAsync("/Account/Register" + query, "/Account/Register" + query, new()
        {
            ["Input.DisplayName"] = "Léa Martin", ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
        });
    }
}
