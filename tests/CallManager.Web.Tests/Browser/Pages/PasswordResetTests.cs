using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class PasswordResetTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_person_who_forgot_their_password_resets_it_from_the_mailed_link_and_signs_in_with_the_new_one()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        var page = await browser.OpenAsync(app);

        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mot de passe oublié ?" }).ClickAsync();
        await page.AuditAsync("account-forgot-password");
        await page.GetByLabel("Adresse e-mail").FillAsync("lea@asso.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le lien" }).ClickAsync();
        Assert.StartsWith("Si un compte confirmé existe à cette adresse", await page.Locator(".notice").InnerTextAsync());

        await page.GotoAsync(await app.LinkFromMailAsync("lea@asso.example", "/Account/ResetPassword"));
        Assert.Equal("Nouveau mot de passe pour le compte lea@asso.example.", await page.Locator(".lead").InnerTextAsync());
        await page.AuditAsync("account-reset-password");
        await page.GetByLabel("Nouveau mot de passe").FillAsync("Another-Horse-77");
        await page.GetByLabel("Confirmez le mot de passe").FillAsync("Another-Horse-77");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le nouveau mot de passe" }).ClickAsync();
        Assert.Equal("Votre mot de passe est changé : connectez-vous avec le nouveau.", await page.Locator(".notice").InnerTextAsync());

        await page.GetByLabel("Adresse e-mail").FillAsync("lea@asso.example");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Another-Horse-77");
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        Assert.Equal("lea@asso.example", await page.Locator(".account-tools__name").InnerTextAsync());
    }

    [Fact]
    public async Task A_damaged_reset_link_is_refused_with_a_way_to_ask_for_a_new_one()
    {
        await using var app = await BrowserApp.StartAsync();
        var page = await browser.OpenAsync(app);

        var response = await page.GotoAsync("/Account/ResetPassword?userId=nobody&code=!!");

        Assert.Equal(400, response!.Status);
        Assert.Equal("/Account/ForgotPassword", await page.GetByRole(AriaRole.Link, new() { Name = "Mot de passe oublié" }).First.GetAttributeAsync("href"));
    }
}
