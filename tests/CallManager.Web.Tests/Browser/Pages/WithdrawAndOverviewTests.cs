using System.Net;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;
using CallManager.Domain.Accounts;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class WithdrawAndOverviewTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_applicant_withdraws_a_submitted_dossier_after_confirming()
    {
        await using var app = await BrowserApp.StartAsync();
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await SubmissionDriver.CreatePublishedCallAsync(admin);
        var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant);
        var dossier = await SubmissionDriver.CreateDraftAsync(applicant, callId, await SubmissionDriver.CreateOrganisationAsync(applicant, 3));
        await SubmissionDriver.CompleteAsync(applicant, dossier, 3);
        await SubmissionDriver.Expect(await applicant.PostAsync($"/api/applications/{dossier}/submit", null), HttpStatusCode.OK);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "lea@asso.example");

        await page.GotoAsync("/Applicant");
        await page.Locator(".dossier-list a", new() { HasText = "Retirer le dossier" }).ClickAsync();
        await page.AuditAsync("applicant-withdraw");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer le retrait" }).ClickAsync();

        Assert.Equal("Le dossier est retiré ; une confirmation vous a été envoyée par courriel.", await page.Locator(".notice").InnerTextAsync());
        Assert.Equal("Retiré", await page.Locator(".dossier-list .tag").InnerTextAsync());
        Assert.Equal(0, await page.Locator(".dossier-list a", new() { HasText = "Retirer le dossier" }).CountAsync());
    }

    [Fact]
    public async Task The_call_dashboard_charts_dossiers_by_status_with_a_data_table_and_counts_down_the_deadline()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var call = await app.PublishedCallAsync();
        var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant);
        await SubmissionDriver.CreateDraftAsync(applicant, call.Id, await SubmissionDriver.CreateOrganisationAsync(applicant, 4));
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync($"/Admin/Calls/{call.Id}");

        Assert.Equal("1 dossier au total, dont 0 éligible.", await page.Locator("#pipeline-desc").InnerTextAsync());
        var pipeline = page.Locator("section[aria-labelledby=pipeline-title]");
        var chart = pipeline.Locator(".chart svg.bar-chart[role=img]");
        Assert.Equal("Dossiers par statut", await chart.Locator("title").TextContentAsync());
        var labels = (await chart.Locator("text").AllTextContentsAsync()).Select(t => t.Trim()).ToList();
        Assert.Contains("Brouillon", labels);
        Assert.Contains("1", labels);
        await pipeline.GetByText("Données du graphique (tableau)").ClickAsync();
        Assert.Equal("1", await page.Locator(".pipeline-table tr:has(th:has-text('Brouillon')) td").InnerTextAsync());
        Assert.Equal("0 évaluation soumise sur 0.", await page.Locator("#reviews-desc").InnerTextAsync());
        var budget = page.Locator("section[aria-labelledby=budget-title]");
        Assert.Equal("Utilisation de l'enveloppe", await budget.Locator("svg.bar-chart[role=img] title").TextContentAsync());
        await budget.GetByText("Données du graphique (tableau)").ClickAsync();
        Assert.Equal(3, await budget.Locator(".budget-table tbody tr").CountAsync());
        var budgetLabels = (await budget.Locator("svg text").AllTextContentsAsync()).Select(t => t.Trim().Replace('\u202f', ' ').Replace('\u00a0', ' ')).ToList();
        Assert.Contains("1 500 000 €", budgetLabels); // the remaining envelope as money, not "1500000"
        var opening = page.Locator("section[aria-labelledby=deadlines-title] dt:has-text('Ouverture') + dd");
        Assert.Equal("Étape franchie", await opening.Locator(".tag").InnerTextAsync()); // a reached opening is not a missed deadline
        Assert.Equal(0, await page.Locator("section[aria-labelledby=deadlines-title] .tag--error").CountAsync());
        Assert.Contains("4 j", await page.Locator(".countdown").First.InnerTextAsync());
        await page.AuditAsync("admin-call-overview");
    }
}
