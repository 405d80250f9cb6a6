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
        Assert.Equal("2 évaluations soumises sur 3. 1 en retard.", await page.Locator("#progress-summary").InnerTextAsync());
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

    [Fact]
    public async Task Remind_now_mails_a_late_reviewer_and_says_so_a_second_click_shows_why_it_is_refused()
    {
        await using var app = await BrowserApp.StartAsync();
        var driver = await ReviewBoardScenario.PrepareLateReviewerAsync(app);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, SelectionDriver.Admin);
        await page.GotoAsync($"/Admin/Calls/{driver.CallId}/Progress");

        var rows = page.Locator("table.reviewers-progress tbody tr");
        Assert.Equal(0, await rows.Nth(0).GetByRole(AriaRole.Button).CountAsync());
        await rows.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Relancer maintenant" }).ClickAsync();

        Assert.Equal("Relance envoyée à 1 évaluateur : reviewer1@jury.example.", await page.Locator(".notice--success").InnerTextAsync());
        var mail = Assert.Single(await RemindersAsync(app, 1));
        Assert.Equal("reviewer1@jury.example", mail.To.Mailboxes.Single().Address);
        Assert.StartsWith("2 évaluation(s) encore à soumettre", mail.Subject);
        await page.AuditAsync("admin-review-progress-reminded");

        await page.Locator("table.reviewers-progress tbody tr").Nth(1).GetByRole(AriaRole.Button, new() { Name = "Relancer maintenant" }).ClickAsync();
        Assert.Equal(["reviewer1@jury.example a été relancé(e) pour la dernière fois le 28 avril 2027 à 12:00 (Europe/Paris)\u00a0: "
            + "une nouvelle relance sera possible à partir du 29 avril 2027 à 00:00 (Europe/Paris)."], await page.Locator(".error-summary li").AllInnerTextsAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Relancer tous les retardataires" }).ClickAsync();
        Assert.Equal("1 évaluateur relancé il y a moins de 12 heures, non relancé de nouveau : reviewer1@jury.example "
            + "(nouvelle relance possible le 29 avril 2027 à 00:00 (Europe/Paris)).", await page.Locator("#remind-notice").InnerTextAsync());
        Assert.Single(await RemindersAsync(app, 1));
    }

    /// <summary>The review reminders the SMTP server received, after waiting (up to 20 s) for at least <paramref name="count"/>.</summary>
    private static async Task<List<MimeKit.MimeMessage>> RemindersAsync(BrowserApp app, int count)
    {
        List<MimeKit.MimeMessage> Received() => app.Smtp.Messages.Where(m => m.Headers["X-CallManager-Kind"] == "review-reminder").ToList();
        var until = DateTime.UtcNow.AddSeconds(20);
        while (Received().Count < count && DateTime.UtcNow < until) await Task.Delay(50);
        return Received();
    }
}
