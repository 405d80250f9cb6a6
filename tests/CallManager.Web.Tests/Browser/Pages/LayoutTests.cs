using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class LayoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_site_is_in_French_and_the_switch_turns_it_to_English_for_the_next_pages()
    {
        await using var app = await BrowserApp.StartAsync();
        var page = await browser.OpenAsync(app);

        await page.GotoAsync("/");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Accueil", await page.Locator("nav[aria-label='Navigation principale'] a[aria-current='page']").InnerTextAsync());
        await page.AuditAsync("home-fr");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Home", await page.Locator("nav[aria-label='Main navigation'] a[aria-current='page']").InnerTextAsync());
        await page.AuditAsync("home-en");

        await page.GotoAsync("/Account/Login");
        Assert.Equal("Sign in", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task The_skip_link_is_the_first_stop_of_the_keyboard_and_leads_to_the_main_content()
    {
        await using var app = await BrowserApp.StartAsync();
        var page = await browser.OpenAsync(app);
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Aller au contenu principal", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");

        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    [Fact]
    public async Task An_unknown_address_answers_404_with_a_page_in_the_chosen_language()
    {
        await using var app = await BrowserApp.StartAsync();
        var page = await browser.OpenAsync(app);

        var response = await page.GotoAsync("/appels/inexistant");
        Assert.Equal(404, response!.Status);
        Assert.Equal("Page introuvable", await page.Locator("h1").InnerTextAsync());
        await page.AuditAsync("error-404-fr");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        Assert.Equal("Page not found", await page.Locator("h1").InnerTextAsync());
    }
}
