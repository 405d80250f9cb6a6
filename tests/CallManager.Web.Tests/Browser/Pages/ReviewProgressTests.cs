using CallManager.Web.Tests.Selection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class ReviewProgressTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_progress_page_counts_reviews_per_reviewer_and_per_dossier_flags_late_ones_and_charts_the_score_distribution()
    {
        await using var app = await BrowserApp.StartAsync();
        var driver = await ReviewBoardScenario.PrepareAsync(app);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, SelectionDriver.Admin);

        await page.GotoAsync($"/Admin/Calls/{driver.CallId}");
        await page.Locator(".button-row").GetByRole(AriaRole.Link, new() { Name = "Suivi des évaluations" }).ClickAsync();
        Assert.Equal("Suivi des évaluations – PTCE-2027", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("30 avril 2027 à 18:00 (Europe/Paris)", await page.Locator("dl.facts time").InnerTextAsync());
        Assert.Equal("2 évaluation(s) soumise(s) sur 3 assignée(s). 1 en retard.", await page.Locator("#progress-summary").InnerTextAsync());
        Assert.Equal(["reviewer0@jury.example", "1 sur 2", "1", "reviewer1@jury.example", "1 sur 1", "0"],
            await page.Locator("table.reviewers-progress tbody").Locator("th, td").AllInnerTextsAsync());
        Assert.Equal(["PTCE-2027-0001", "2 sur 2", "PTCE-2027-0002", "0 sur 1"],
            await page.Locator("table.dossiers-progress tbody").Locator("th, td").AllInnerTextsAsync());

        Assert.Equal(6, await page.Locator("svg[role=img]").CountAsync());
        Assert.Equal("Mutualisation des ressources", await page.Locator("svg[role=img] title").First.TextContentAsync());
        var tables = page.Locator("table.distribution-table");
        Assert.Equal(["0", "0", "1", "1", "2", "0", "3", "0", "4", "1", "5", "0"], await tables.Nth(0).Locator("tbody").Locator("th, td").AllTextContentsAsync());
        Assert.Equal(["0", "0", "1", "0", "2", "0", "3", "0", "4", "1", "5", "1"], await tables.Nth(1).Locator("tbody").Locator("th, td").AllTextContentsAsync());
        await page.AuditAsync("admin-review-progress");
    }
}
