using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class WorkflowViewTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_workflow_view_draws_the_call_workflow_and_highlights_where_the_call_stands()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        await app.PublishedCallAsync();
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync("/Admin/Workflows?Definition=ptce-call");

        var steps = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "workflows", "ptce-call.json")))!["root"]!["activities"]!.AsArray().Count;
        Assert.Equal(steps, await page.Locator("svg.workflow-diagram g.workflow-step").CountAsync());
        Assert.Equal(steps, await page.Locator(".diagram-text li").CountAsync());
        Assert.Equal("PTCE-2027", await page.Locator("tbody td").First.InnerTextAsync());
        var waiting = await page.Locator("tbody td").Nth(2).InnerTextAsync();
        Assert.Equal("Attendre la relance", waiting);
        Assert.Equal("Attendre la relance", await page.Locator(".workflow-step--current text").First.TextContentAsync());
        Assert.Equal("Appel PTCE, version 1", await page.Locator("#diagram-title").InnerTextAsync());
        Assert.StartsWith("Les phases d'un appel PTCE", await page.Locator("#diagram-title + p").InnerTextAsync());
        Assert.Equal("Processus", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("/hangfire", await page.GetByRole(AriaRole.Link, new() { Name = "Tableau de bord des tâches de fond (Hangfire, heures en UTC)" }).GetAttributeAsync("href"));
        await page.AuditAsync("admin-workflows");
        await page.GotoAsync("/hangfire");
        Assert.Contains("heures UTC", await page.TitleAsync()); // the dashboard says its times are UTC
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CallManager.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("CallManager.sln not found above the test binaries.");
    }
}
