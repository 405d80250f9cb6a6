using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class CallEditorTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_administrator_builds_a_call_without_javascript_fixes_the_weights_then_publishes_and_copies_it()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var page = await browser.OpenAsync(app, javaScript: false);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync("/Admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouvel appel" }).ClickAsync();
        await page.GetByLabel("Code court").FillAsync("ESS-2027");
        await page.GetByLabel("Titre (français)").First.FillAsync("Économie sociale 2027");
        await page.GetByLabel("Enveloppe (€)").FillAsync("500000");
        await page.GetByLabel("Subvention maximale par projet (€)").FillAsync("50000");
        var criterion1 = page.Locator("#criterion-0");
        await criterion1.GetByLabel("Clé").FillAsync("impact");
        await criterion1.GetByLabel("Libellé (français)").FillAsync("Impact social");
        await criterion1.GetByLabel("Poids (%)").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un critère" }).ClickAsync();
        var criterion2 = page.Locator("#criterion-1");
        await criterion2.GetByLabel("Clé").FillAsync("budget");
        await criterion2.GetByLabel("Libellé (français)").FillAsync("Budget réaliste");
        await criterion2.GetByLabel("Poids (%)").FillAsync("30");
        await criterion2.GetByLabel("Repères de notation").FillAsync("0 | Absent | Missing\n5 | Exemplaire | Exemplary");
        var section = page.Locator("#section-0");
        await section.GetByLabel("Clé").First.FillAsync("projet");
        await section.GetByLabel("Titre (français)").FillAsync("Le projet");
        await page.Locator("#field-0-0").GetByLabel("Clé").FillAsync("summary");
        await page.Locator("#field-0-0").GetByLabel("Libellé (français)").FillAsync("Résumé");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un champ — Section 1" }).ClickAsync();
        await page.Locator("#field-0-1").GetByLabel("Clé").FillAsync("budgetFile");
        await page.Locator("#field-0-1").GetByLabel("Libellé (français)").FillAsync("Budget prévisionnel");
        await page.Locator("#field-0-1").GetByLabel("Type").SelectOptionAsync("File");
        await page.Locator("#field-0-1").GetByLabel("pdf").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Monter — Champ 2 de la section 1" }).ClickAsync();
        Assert.Equal("budgetFile", await page.Locator("#field-0-0").GetByLabel("Clé").InputValueAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'appel" }).First.ClickAsync();
        var summary = page.Locator(".error-summary");
        Assert.Equal("The criterion weights add up to 90; they must add up to 100.", await summary.Locator("li a").InnerTextAsync());
        Assert.Equal("#Input_Criteria", await summary.Locator("li a").GetAttributeAsync("href"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(PageChecks.ScreenshotFolder, "admin-call-editor-errors.png"), FullPage = true });

        await page.Locator("#criterion-1").GetByLabel("Poids (%)").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'appel" }).First.ClickAsync();
        Assert.Equal("L'appel est enregistré.", await page.Locator(".notice--success").InnerTextAsync());
        var call = await StoredAsync(app, "ESS-2027");
        Assert.Equal(["budgetFile", "summary"], call.Form.Fields.Select(f => f.Key));
        Assert.Equal(["pdf"], call.Form.Field("budgetFile")!.AllowedFileTypes);
        Assert.Equal(5, call.Criteria[1].Anchors![1].Score);

        await page.GetByRole(AriaRole.Link, new() { Name = "Publier…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la publication" }).ClickAsync();
        Assert.Equal("L'appel est publié : les porteurs de projet peuvent déposer leurs dossiers.", await page.Locator(".notice").InnerTextAsync());
        Assert.Equal(CallStatus.Published, (await StoredAsync(app, "ESS-2027")).Status);

        await page.GotoAsync($"/Admin/Calls/edit/{call.Id}");
        Assert.True(await page.GetByLabel("Code court").IsDisabledAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Copier comme nouveau brouillon" }).ClickAsync();
        Assert.Equal("ESS-2027-copy", await page.GetByLabel("Code court").InputValueAsync());
        Assert.False(await page.GetByLabel("Code court").IsDisabledAsync());
    }

    [Fact]
    public async Task A_published_call_keeps_its_form_when_an_administrator_changes_its_budget()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var call = await app.PublishedCallAsync();
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync($"/Admin/Calls/edit/{call.Id}");
        await page.GetByLabel("Enveloppe (€)").FillAsync("90000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'appel" }).First.ClickAsync();
        var error = page.Locator(".error-summary li a");
        Assert.Equal("The maximum grant cannot exceed the budget envelope.", await error.InnerTextAsync());
        await page.AuditAsync("admin-call-editor-errors");
        await error.ClickAsync();
        Assert.Equal("Input_MaxGrant", await page.EvaluateAsync<string>("document.activeElement.id"));

        await page.GetByLabel("Enveloppe (€)").FillAsync("1600000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'appel" }).First.ClickAsync();
        Assert.Equal("L'appel est enregistré.", await page.Locator(".notice--success").InnerTextAsync());
        var stored = await StoredAsync(app, "PTCE-2027");
        Assert.Equal(1_600_000m, stored.Budget);
        Assert.Equal(["title", "summary", "requestedAmount", "budget"], stored.Form.Fields.Select(f => f.Key));
        Assert.Equal(call.SubmissionDeadline, stored.SubmissionDeadline);
        await page.AuditAsync("admin-call-editor-published");
    }

    [Fact]
    public async Task The_publish_confirmation_lists_the_call_before_publishing_it()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var call = await app.DraftCallAsync();
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync($"/Admin/Calls/edit/{call.Id}");
        await page.AuditAsync("admin-call-editor");
        await page.GetByRole(AriaRole.Link, new() { Name = "Publier…" }).ClickAsync();

        Assert.Equal("5 mars 2027 à 12:00 (Europe/Paris)", await page.Locator("dt:has-text('Date limite') + dd").InnerTextAsync());
        await page.AuditAsync("admin-call-publish");
        Assert.Equal(CallStatus.Draft, (await StoredAsync(app, "PTCE-2027")).Status);
    }

    private static async Task<Call> StoredAsync(CallManagerApp app, string code)
    {
        using var scope = app.Services.CreateScope();
        var calls = await scope.ServiceProvider.GetRequiredService<CallService>().ListAsync(CallManager.Domain.Common.Actor.System);
        return calls.Single(c => c.Code == code);
    }
}
