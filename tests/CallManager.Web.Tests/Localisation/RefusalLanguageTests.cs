using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Hosting;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Selection;
using Microsoft.AspNetCore.Http;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Localisation;

/// <summary>
/// One refusal with amounts (staging a grant over the envelope) read in French on a French page, in English on an English
/// page, in English from the API by default and in French from the API when the client asks for it.
/// </summary>
[Collection(WebCollection.Name)]
public class RefusalLanguageTests
{
    private const string English =
        "Over budget: the envelope is 200,000.00 €, 160,000.00 € is already selected, this grant of 80,000.00 € would exceed it by 40,000.00 €.";

    private static readonly string French =
        $"Budget dépassé\u00A0: l'enveloppe est de {Fr(200_000)}, dont {Fr(160_000)} déjà engagés\u00A0; cette subvention de {Fr(80_000)} la dépasserait de {Fr(40_000)}.";

    [Fact]
    public async Task The_API_answers_in_English_unless_the_client_asks_for_French()
    {
        await using var app = new CallManagerApp();
        var driver = await OverBudgetAsync(app);
        var admin = await driver.AsAsync(SelectionDriver.Admin);

        var plain = await StageThirdAsync(admin, driver, null);
        var french = await StageThirdAsync(admin, driver, "fr-FR,fr;q=0.9,en;q=0.5");
        var preferringEnglish = await StageThirdAsync(admin, driver, "en-GB,fr;q=0.5");

        Assert.Equal(HttpStatusCode.Conflict, french.StatusCode);
        Assert.Equal(English, (await Json(plain))["detail"]!.GetValue<string>());
        Assert.Equal(French, (await Json(french))["detail"]!.GetValue<string>());
        Assert.Equal(English, (await Json(preferringEnglish))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_French_page_shows_the_refusal_in_French_with_French_amounts_and_an_English_page_in_English()
    {
        await using var app = new CallManagerApp();
        var driver = await OverBudgetAsync(app);
        var session = await PageSession.SignInAsync(app, SelectionDriver.Admin);
        var page = $"/Admin/Calls/{driver.CallId}/Selection";
        // The selection page posts its whole table; the refused row is named before the refusal (intended change of issue 19).
        Dictionary<string, string> Stage() => new() { ["rows[0].ApplicationId"] = driver.Dossiers[2].ToString(), ["rows[0].Outcome"] = "Selected", ["rows[0].Amount"] = "80000" };

        var french = await session.PostFormAsync(page, $"{page}?handler=Stage", Stage());
        var english = await session.PostFormAsync(page, $"{page}?handler=Stage&culture=en&ui-culture=en", Stage());

        Assert.Equal([$"{SelectionDriver.Reference(2)} — {French}"], await PageSession.ErrorsAsync(french));
        Assert.Equal([$"{SelectionDriver.Reference(2)} — {English}"], await PageSession.ErrorsAsync(english));
    }

    [Theory]
    [InlineData(null, "«\u00A0123456780\u00A0» n'est pas un numéro SIREN valide\u00A0: neuf chiffres, dont le dernier est la clé de contrôle (formule de Luhn).")]
    [InlineData("en", "'123456780' is not a valid SIREN number: nine digits whose last one is the Luhn check digit.")]
    public async Task A_field_refused_by_the_domain_is_explained_in_the_language_of_the_page(string? culture, string expected)
    {
        await using var app = new CallManagerApp();
        await app.CreateUserAsync("lea@asso.example", Domain.Accounts.Roles.Applicant);
        var session = await PageSession.SignInAsync(app, "lea@asso.example");
        var query = culture is null ? "" : $"?culture={culture}&ui-culture={culture}";

        var response = await session.PostFormAsync("/Applicant/Organisation", "/Applicant/Organisation" + query,
            new() { ["Input.Name"] = "Les Ateliers", ["Input.Siren"] = "123456780", ["Input.LegalForm"] = "Association", ["Input.Region"] = "Bretagne" });

        Assert.Equal([expected], await PageSession.ErrorsAsync(response));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("fr", true)]
    [InlineData("fr-CA", true)]
    [InlineData("de-DE,fr;q=0.8,en;q=0.7", true)]
    [InlineData("en-US,en;q=0.9,fr;q=0.8", false)]
    [InlineData("fr;q=0.3,en;q=0.6", false)]
    [InlineData("fr;q=0,en", false)]
    public void French_is_chosen_when_it_is_the_preferred_of_French_and_English(string? header, bool french)
    {
        var http = new DefaultHttpContext();
        if (header is not null) http.Request.Headers.AcceptLanguage = header;

        Assert.Equal(french, DomainExceptionHandler.AsksForFrench(http.Request));
    }

    /// <summary>Three admissible dossiers of 80 000 € in a 200 000 € envelope, two already selected: the third one no longer fits.</summary>
    private static async Task<SelectionDriver> OverBudgetAsync(CallManagerApp app)
    {
        var driver = new SelectionDriver(app);
        await driver.PrepareAsync(3);
        var admin = await driver.AsAsync(SelectionDriver.Admin);
        for (var i = 0; i < 2; i++)
            await Expect(await admin.PutAsJsonAsync($"/api/applications/{driver.Dossiers[i]}/decision", new { outcome = "Selected", grantedAmount = 80_000 }), HttpStatusCode.OK);
        return driver;
    }

    private static Task<HttpResponseMessage> StageThirdAsync(HttpClient admin, SelectionDriver driver, string? acceptLanguage)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{driver.Dossiers[2]}/decision")
        {
            Content = JsonContent.Create(new { outcome = "Selected", grantedAmount = 80_000 }),
        };
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        return admin.SendAsync(request);
    }

    private static string Fr(decimal amount) => amount.ToString("N2", CultureInfo.GetCultureInfo("fr")) + "\u00A0€";
}
