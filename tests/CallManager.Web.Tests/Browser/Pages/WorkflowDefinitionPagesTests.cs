using System.Text;
using CallManager.Domain.Accounts;
using CallManager.Runtime;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>The definition pages at 1366 px and 390 px: upload with its problems, publish, compare, dry run and migration.</summary>
[Collection(BrowserCollection.Name)]
public class WorkflowDefinitionPagesTests(BrowserFixture browser)
{
    private static FilePayload File(string name, string json) => new() { Name = name, MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(json) };

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task An_administrator_sees_the_problems_publishes_a_version_compares_and_migrates_on_the_pages(int width)
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var page = await browser.OpenAsync(app, width: width);
        await AdminSession.SignInAsync(page, "admin@funder.example");
        await page.GotoAsync("/Admin/Workflows");
        await page.GetByRole(AriaRole.Link, new() { Name = "Déposer, comparer et migrer des définitions" }).ClickAsync();

        // Nothing chosen: a form error; a file with an unknown activity: its problems, nothing published.
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier sans publier" }).ClickAsync();
        Assert.Equal("Choisissez un fichier de définition (JSON).", await page.Locator("#Upload-error").InnerTextAsync());
        await page.SetInputFilesAsync("#Upload", File("broken.json", DefinitionAdministrationTests.Docs(extraType: "Elsa.Nope")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier une nouvelle version" }).ClickAsync();
        var cells = await page.Locator("#validation-title ~ .table-scroll tbody td").AllInnerTextsAsync();
        Assert.Equal(["upload/broken.json", "end", "root.activities[2].type"], cells.Take(3));
        Assert.StartsWith("Elsa activity `Elsa.Nope` is not implemented here.", cells[3]);
        await page.AuditAsync($"admin-workflow-definitions-problems-{width}");
        await page.AssertNoHorizontalOverflowAsync($"admin-workflow-definitions-problems-{width}");

        await page.SetInputFilesAsync("#Upload", File("docs.json", DefinitionAdministrationTests.Docs()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier une nouvelle version" }).ClickAsync();
        Assert.StartsWith("Version 1 de «\u00a0docs-check\u00a0» publiée", await page.Locator(".notice--success").InnerTextAsync());
        var runtime = app.Services.GetRequiredService<IWorkflowRuntime>();
        await runtime.StartAsync(new StartRequest("docs-check", "dossier-A"));
        await runtime.StartAsync(new StartRequest("docs-check", "dossier-B"));
        await runtime.StimulateAsync(new Stimulus("Docs", "dossier-B"));
        await page.SetInputFilesAsync("#Upload", File("docs-v2.json", DefinitionAdministrationTests.Docs(v2: true)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier sans publier" }).ClickAsync();
        Assert.Equal("Aucun problème\u00a0: «\u00a0docs-check\u00a0» peut être publiée en version 2.", await page.Locator("section .notice--success").InnerTextAsync());
        Assert.Contains("wait-docs", await page.Locator(".diff").InnerTextAsync());
        await page.AuditAsync($"admin-workflow-definitions-check-{width}");
        await page.SetInputFilesAsync("#Upload", File("docs-v2.json", DefinitionAdministrationTests.Docs(v2: true)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier une nouvelle version" }).ClickAsync();
        await page.Locator(".notice--success a").ClickAsync();

        // The definition: versions with instance counts, a comparison, a dry run that says why dossier-A cannot move, the migration.
        Assert.Equal("Définition «\u00a0docs-check\u00a0»", await page.Locator("h1").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Comparer" }).ClickAsync();
        Assert.Contains("wait-docs", await page.Locator(".diff").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuler (rien ne change)" }).ClickAsync();
        var plan = await page.Locator("#plan-title ~ .table-scroll tbody").InnerTextAsync();
        Assert.Contains("l'activité `wait-docs` n'existe pas dans la version 2.", plan);
        Assert.Equal("Migreraient\u00a0: 1 · ne le peuvent pas\u00a0: 1", await page.Locator("#plan-title + p").InnerTextAsync());
        await page.AuditAsync($"admin-workflow-definition-dry-run-{width}");
        await page.AssertNoHorizontalOverflowAsync($"admin-workflow-definition-dry-run-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Migrer", Exact = true }).ClickAsync();
        Assert.Equal("Migrées\u00a0: 1 · laissées\u00a0: 1", await page.Locator("#result-title + p").InnerTextAsync());
        await page.Locator("a[href='?Version=2&Status=Suspended#instances-title']").ClickAsync();
        Assert.Equal("dossier-B", await page.Locator("#instances-title ~ .table-scroll tbody td").First.InnerTextAsync());
        await page.AuditAsync($"admin-workflow-definition-{width}");
        await page.AssertNoHorizontalOverflowAsync($"admin-workflow-definition-{width}");
    }
}
