using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Selection;
using CallManager.Domain.Audit;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class ManualAssignmentTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_conflicted_reviewer_is_refused_with_the_message_another_is_assigned_and_a_started_review_is_removed_after_confirmation()
    {
        await using var app = await BrowserApp.StartAsync();
        var driver = new SelectionDriver(app);
        await driver.PrepareAsync(2);
        await driver.AddJuryAsync(2);
        await driver.ConflictAsync(reviewer: 0, dossier: 0);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, SelectionDriver.Admin);
        await page.GotoAsync($"/Admin/Calls/{driver.CallId}/Assignments");

        await AssignAsync(page, driver.Dossiers[0], driver.Reviewers[0]);
        var summary = await page.Locator(".error-summary li").AllInnerTextsAsync();
        Assert.Single(summary);
        Assert.Contains("PTCE-2027-0001", summary[0]);
        Assert.Equal("Erreur : " + summary[0], (await page.Locator("#Assign_ReviewerId-error").TextContentAsync())!.Trim());
        Assert.Equal("true", await page.Locator("#Assign_ReviewerId").GetAttributeAsync("aria-invalid"));
        Assert.Equal(0, await CountAsync<Review>(app));
        await page.AuditAsync("admin-assignments-refused");

        await AssignAsync(page, driver.Dossiers[0], driver.Reviewers[1]);
        Assert.Equal("L'évaluateur est affecté au dossier et prévenu par courriel.", await page.Locator(".notice--success").InnerTextAsync());
        Assert.Equal(["PTCE-2027-0001", "reviewer1@jury.example", "Brouillon manuelle", "Retirer"], await page.Locator("main table tbody tr td").AllInnerTextsAsync());

        var reviewer = await app.LoginAsync("reviewer1@jury.example");
        var reviewId = await SingleReviewIdAsync(app);
        var saved = await reviewer.PutAsJsonAsync($"/api/reviews/{reviewId}", new { scores = new[] { new { key = "mutualisation", score = 3 } } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Retirer PTCE-2027-0001 reviewer1@jury.example" }).ClickAsync();
        Assert.Equal("L'évaluation de PTCE-2027-0001 par reviewer1@jury.example est commencée : les notes et commentaires déjà saisis seront perdus.",
            await page.Locator("#confirm-title ~ p").InnerTextAsync());
        Assert.Equal(1, await CountAsync<Review>(app));
        await page.AuditAsync("admin-assignments-confirm-removal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Oui, retirer l'affectation" }).ClickAsync();
        Assert.Equal("L'affectation est retirée.", await page.Locator(".notice--success").InnerTextAsync());
        Assert.Equal(0, await CountAsync<Review>(app));
    }

    [Fact]
    public async Task An_unstarted_assignment_is_removed_at_once()
    {
        await using var app = await BrowserApp.StartAsync();
        var driver = new SelectionDriver(app);
        await driver.PrepareAsync(1);
        await driver.AddJuryAsync(1);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, SelectionDriver.Admin);
        await page.GotoAsync($"/Admin/Calls/{driver.CallId}/Assignments");
        await AssignAsync(page, driver.Dossiers[0], driver.Reviewers[0]);
        Assert.Equal(1, await CountAsync<Review>(app));

        await page.GetByRole(AriaRole.Button, new() { Name = "Retirer PTCE-2027-0001 reviewer0@jury.example" }).ClickAsync();
        Assert.Equal("L'affectation est retirée.", await page.Locator(".notice--success").InnerTextAsync());
        Assert.Equal("Aucune affectation pour cet appel.", await page.Locator(".empty-state").InnerTextAsync());
        Assert.Equal(0, await CountAsync<Review>(app));
    }

    [Fact]
    public async Task Refreshing_the_page_after_automatic_assignment_does_not_run_it_again()
    {
        await using var app = await BrowserApp.StartAsync();
        var driver = new SelectionDriver(app);
        await driver.PrepareAsync(2);
        await driver.AddJuryAsync(2);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, SelectionDriver.Admin);
        await page.GotoAsync($"/Admin/Calls/{driver.CallId}/Assignments");

        await page.GetByLabel("Évaluateurs par dossier").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'affectation automatique" }).ClickAsync();
        Assert.EndsWith($"/Admin/Calls/{driver.CallId}/Assignments?done=auto", page.Url);
        Assert.Equal("Résultat : 2 affectations créées, 0 conservées, 0 remplacées pour 2 dossiers.", await page.Locator("#result-title").InnerTextAsync());
        Assert.Equal(1, await AutoRunsAsync(app));

        var reload = await page.ReloadAsync();
        Assert.Equal("GET", reload!.Request.Method);
        Assert.Equal(1, await AutoRunsAsync(app));
        Assert.Equal(2, await CountAsync<Review>(app));
        Assert.Equal(0, await page.Locator("#result-title").CountAsync());
        Assert.Equal("L'affectation automatique a été effectuée.", await page.Locator("p.notice").InnerTextAsync());
        Assert.Equal(2, await page.Locator("main table tbody tr").CountAsync());
    }

    private static async Task AssignAsync(IPage page, Guid dossier, string reviewerId)
    {
        await page.Locator("#Assign_ApplicationId").SelectOptionAsync(dossier.ToString());
        await page.Locator("#Assign_ReviewerId").SelectOptionAsync(reviewerId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Affecter", Exact = true }).ClickAsync();
    }

    private static async Task<int> CountAsync<T>(CallManagerApp app) where T : class
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<T>().CountAsync();
    }

    private static async Task<int> AutoRunsAsync(CallManagerApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<AuditEntry>().CountAsync(e => e.Action == "reviews.auto-assigned");
    }

    private static async Task<Guid> SingleReviewIdAsync(CallManagerApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<Review>().Select(r => r.Id).SingleAsync();
    }
}
