using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class AccountPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_registration_with_missing_answers_shows_an_error_summary_whose_links_focus_the_fields()
    {
        await using var app = await BrowserApp.StartAsync();
        var page = await browser.OpenAsync(app);
        await page.GotoAsync("/Account/Register");
        await page.AuditAsync("account-register");

        await page.GetByLabel("Adresse e-mail").FillAsync("pas-une-adresse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();

        var summary = page.Locator(".error-summary");
        Assert.Equal("Il y a un problème", await summary.Locator("h2").InnerTextAsync());
        Assert.Equal(
            ["Indiquez votre nom et votre prénom.", "Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.",
             "Indiquez votre mot de passe.", "Saisissez à nouveau le mot de passe."],
            await summary.Locator("li").AllInnerTextsAsync());
        Assert.StartsWith("Erreur :", await page.TitleAsync());
        Assert.Equal("true", await page.GetByLabel("Adresse e-mail").GetAttributeAsync("aria-invalid"));
        await page.AuditAsync("account-register-errors");

        await summary.GetByRole(AriaRole.Link, new() { Name = "Indiquez votre mot de passe." }).ClickAsync();
        Assert.Equal("Input_Password", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    [Fact]
    public async Task An_applicant_registers_and_is_signed_in_when_confirmation_is_off()
    {
        await using var app = await BrowserApp.StartAsync(new Dictionary<string, string?> { ["Accounts:RequireConfirmedEmail"] = "false" });
        var page = await browser.OpenAsync(app);
        await page.GotoAsync("/Account/Register");

        await page.GetByLabel("Nom et prénom").FillAsync("Léa Martin");
        await page.GetByLabel("Adresse e-mail").FillAsync("lea@asso.example");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Correct-Horse-42");
        await page.GetByLabel("Confirmez le mot de passe").FillAsync("Correct-Horse-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();

        Assert.Equal("lea@asso.example", await page.Locator(".account-tools__name").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        Assert.Equal("Se connecter", await page.Locator(".account-tools a").First.InnerTextAsync());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_the_right_one_signs_in()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        var page = await browser.OpenAsync(app);
        await page.GotoAsync("/Account/Login");
        await page.AuditAsync("account-login");

        await page.GetByLabel("Adresse e-mail").FillAsync("lea@asso.example");
        await page.GetByLabel("Mot de passe").FillAsync("wrong-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).Last.ClickAsync();
        Assert.Equal(["L'adresse e-mail ou le mot de passe est incorrect."], await page.Locator(".error-summary li").AllInnerTextsAsync());

        await page.GetByLabel("Mot de passe").FillAsync(ApiClientExtensions.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).Last.ClickAsync();
        Assert.Equal("lea@asso.example", await page.Locator(".account-tools__name").InnerTextAsync());
    }
}
