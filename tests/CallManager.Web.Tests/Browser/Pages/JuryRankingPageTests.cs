using CallManager.Web.Tests.Selection;
using Microsoft.Playwright;
using static CallManager.Web.Tests.Selection.SelectionDriver;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>The jury's ranking page: a message before deliberation opens, then the ranking without the reviewer's conflicted dossiers.</summary>
[Collection(BrowserCollection.Name)]
public class JuryRankingPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_reviewer_sees_the_ranking_only_once_deliberation_opens_with_spreads_flags_and_without_the_conflicted_dossier()
    {
        await using var app = await BrowserApp.StartAsync();
        var d = new SelectionDriver(app);
        await d.PrepareAsync(3);
        await d.AddJuryAsync(2);
        await d.ConflictAsync(0, 2);
        await d.ReviewAsync(0, 0, 5);
        await d.ReviewAsync(1, 0, 2);
        await d.ReviewAsync(0, 1, 3);
        await d.ReviewAsync(1, 1, 3);
        await d.ReviewAsync(1, 2, 4);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "reviewer0@jury.example");

        await page.GotoAsync("/Jury");
        Assert.Equal("· visible à l'ouverture de la délibération", await page.Locator("main .panel .muted", new() { HasText = "délibération" }).InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Classement du jury PTCE-2027" }).ClickAsync();
        Assert.Equal("Le classement n'est pas encore visible.", await page.Locator("#ranking-not-shown p").First.InnerTextAsync());
        Assert.Contains("20 mai 2027 à 10:00 (Europe/Paris)", await page.Locator("#ranking-not-shown").InnerTextAsync());
        Assert.Equal(0, await page.Locator("table").CountAsync());
        await page.AuditAsync("jury-ranking-closed");

        app.Clock.SetUtcNow(Deliberation);
        page = await browser.OpenAsync(app); // the sign-in cookie does not outlive two months of the fake clock
        await AdminSession.SignInAsync(page, "reviewer0@jury.example");
        await page.GotoAsync($"/Jury/Calls/{d.CallId}/Ranking");
        var rows = page.Locator("tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal([Reference(0), Reference(1)], (await page.Locator("tbody th").AllInnerTextsAsync()).Select(t => t.Split('\n')[0].Trim()));
        Assert.Equal(1, await rows.Nth(0).Locator(".tag", new() { HasText = "Désaccord" }).CountAsync());
        Assert.Equal(0, await rows.Nth(1).Locator(".tag", new() { HasText = "Désaccord" }).CountAsync());
        Assert.DoesNotContain(Reference(2), await page.Locator("main").InnerTextAsync());
        await page.AuditAsync("jury-ranking");
    }
}
