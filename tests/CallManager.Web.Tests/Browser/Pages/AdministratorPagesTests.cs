using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class AdministratorPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_administrator_publishes_a_draft_call_then_sees_its_dossiers_and_the_outbox()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var call = await app.DraftCallAsync();
        var page = await browser.OpenAsync(app);
        await SignInAsync(page, "admin@funder.example");

        await page.GotoAsync("/Admin");
        Assert.Equal("Brouillon", await page.Locator("tbody .tag").InnerTextAsync());
        await page.AuditAsync("admin-calls");
        await page.GetByRole(AriaRole.Link, new() { Name = "Publier PTCE-2027" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la publication" }).ClickAsync();
        Assert.Equal("L'appel est publié : les porteurs de projet peuvent déposer leurs dossiers.", await page.Locator(".notice").InnerTextAsync());
        Assert.Equal("Publié", await page.Locator("tbody .tag").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Dossiers — PTCE-2027" }).ClickAsync();
        Assert.Equal("0 dossier affiché sur 0.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        await page.AuditAsync("admin-dossiers");

        await page.GotoAsync("/Admin/Outbox");
        Assert.Equal("Courriels envoyés", await page.Locator("h1").InnerTextAsync());
        await page.AuditAsync("admin-outbox");
    }

    [Fact]
    public async Task An_applicant_who_opens_the_administration_gets_the_access_denied_page()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        var page = await browser.OpenAsync(app);
        await SignInAsync(page, "lea@asso.example");

        var response = await page.GotoAsync("/Admin");

        Assert.Equal(403, response!.Status);
        Assert.Equal("Accès refusé", await page.Locator("h1").InnerTextAsync());
        await page.AuditAsync("error-403");
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(ApiClientExtensions.Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.Locator(".account-tools__name").WaitForAsync();
    }
}
