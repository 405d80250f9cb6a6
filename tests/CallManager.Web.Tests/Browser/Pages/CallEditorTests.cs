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
    public async Task An_administrator_builds_a_call_step_by_step_without_javascript_fixes_the_weights_then_publishes_and_copies_it()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var page = await browser.OpenAsync(app, javaScript: false, width: 1366);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync("/Admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouvel appel" }).ClickAsync();
        Assert.Equal(1, await page.Locator(".steps-nav a").CountAsync());
        await page.GetByLabel("Code court").FillAsync("ESS-2027");
        await page.GetByLabel("Titre (français)").First.FillAsync("Économie sociale 2027");
        await page.GetByLabel("Enveloppe (€)").FillAsync("500000");
        await page.GetByLabel("Subvention maximale par projet (€)").FillAsync("50000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le brouillon" }).ClickAsync();
        Assert.Equal("L'étape est enregistrée.", await page.Locator(".notice--success").InnerTextAsync());
        Assert.Equal("Calendrier", await page.Locator(".steps-nav a[aria-current=step]").InnerTextAsync());
        Assert.Equal("Europe/Paris", await page.GetByLabel("Fuseau horaire").Locator("option").First.InnerTextAsync());
        var draft = await StoredAsync(app, "ESS-2027");
        Assert.Equal(["quality"], draft.Criteria.Select(c => c.Key));

        await page.Locator(".steps-nav").GetByRole(AriaRole.Link, new() { Name = "Critères et notation" }).ClickAsync();
        var criterion1 = page.Locator("#criterion-0");
        await criterion1.GetByLabel("Clé").FillAsync("impact");
        await criterion1.GetByLabel("Libellé (français)").First.FillAsync("Impact social");
        await criterion1.GetByLabel("Poids (%)").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un critère" }).ClickAsync();
        var criterion2 = page.Locator("#criterion-1");
        await criterion2.GetByLabel("Clé").FillAsync("budget");
        await criterion2.GetByLabel("Libellé (français)").First.FillAsync("Budget réaliste");
        await criterion2.GetByLabel("Poids (%)").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un repère — Critère 2" }).ClickAsync();
        await page.Locator("#anchor-1-0").GetByLabel("Note").FillAsync("0");
        await page.Locator("#anchor-1-0").GetByLabel("Libellé (français)").FillAsync("Absent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un repère — Critère 2" }).ClickAsync();
        await page.Locator("#anchor-1-1").GetByLabel("Note").FillAsync("5");
        await page.Locator("#anchor-1-1").GetByLabel("Libellé (français)").FillAsync("Exemplaire");
        await page.Locator("#anchor-1-1").GetByLabel("Libellé (anglais)").FillAsync("Exemplary");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette étape" }).ClickAsync();
        var summary = page.Locator(".error-summary");
        Assert.Equal("The criterion weights add up to 90; they must add up to 100.", await summary.Locator("li a").InnerTextAsync());
        Assert.Equal("#Input_Criteria", await summary.Locator("li a").GetAttributeAsync("href"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(PageChecks.ScreenshotFolder, "admin-call-editor-errors.png"), FullPage = true });

        await page.Locator("#criterion-1").GetByLabel("Poids (%)").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette étape" }).ClickAsync();
        Assert.Equal("L'étape est enregistrée.", await page.Locator(".notice--success").InnerTextAsync());
        Assert.Equal(new ScaleAnchor(5, "Exemplaire", "Exemplary"), (await StoredAsync(app, "ESS-2027")).Criteria[1].Anchors![1]);

        await page.Locator(".steps-nav").GetByRole(AriaRole.Link, new() { Name = "Formulaire du dossier" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une section" }).ClickAsync();
        var section = page.Locator("#section-0");
        await section.GetByLabel("Clé").First.FillAsync("projet");
        await section.GetByLabel("Titre (français)").FillAsync("Le projet");
        await page.Locator("#field-0-0").GetByLabel("Clé").FillAsync("summary");
        await page.Locator("#field-0-0").GetByLabel("Libellé (français)").FillAsync("Résumé");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un champ — Section 1" }).ClickAsync();
        var field2 = page.Locator("#field-0-1");
        Assert.False(await field2.GetByLabel("pdf").IsVisibleAsync()); // a short text has no file types
        Assert.True(await field2.GetByLabel("Longueur maximale").IsVisibleAsync());
        await field2.GetByLabel("Clé").FillAsync("budgetFile");
        await field2.GetByLabel("Libellé (français)").FillAsync("Budget prévisionnel");
        await field2.GetByLabel("Type").SelectOptionAsync("File");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher les réglages de ce type — Champ 2 de la section 1" }).ClickAsync();
        Assert.False(await page.Locator("#field-0-1").GetByLabel("Longueur maximale").IsVisibleAsync());
        await page.Locator("#field-0-1").GetByLabel("pdf").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Monter — Champ 2 de la section 1" }).ClickAsync();
        Assert.Equal("budgetFile", await page.Locator("#field-0-0").GetByLabel("Clé").InputValueAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette étape" }).ClickAsync();
        Assert.Equal("L'étape est enregistrée.", await page.Locator(".notice--success").InnerTextAsync());
        var call = await StoredAsync(app, "ESS-2027");
        Assert.Equal(["budgetFile", "summary"], call.Form.Fields.Select(f => f.Key));
        Assert.Equal(["pdf"], call.Form.Field("budgetFile")!.AllowedFileTypes);
        Assert.Equal(["impact", "budget"], call.Criteria.Select(c => c.Key));
        Assert.Equal(50000m, call.MaxGrant);

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
    public async Task Grant_terms_are_rows_and_a_form_field_shows_only_the_settings_of_its_type_as_it_changes()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var call = await app.DraftCallAsync();
        var page = await browser.OpenAsync(app, width: 1366);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync($"/Admin/Calls/edit/{call.Id}/grant");
        Assert.Equal(3, await page.Locator("[id^=tranche-]").CountAsync());
        await page.Locator("#tranche-1").GetByLabel("Part (%)").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une tranche" }).ClickAsync();
        await page.Locator("#tranche-3").GetByLabel("Clé").FillAsync("bonus");
        await page.Locator("#tranche-3").GetByLabel("Part (%)").FillAsync("10");
        await page.Locator("#tranche-3").GetByLabel("Condition de versement").SelectOptionAsync(new SelectOptionValue { Label = "Après approbation : Rapport final" });
        await page.AuditAsync("admin-call-editor-grant");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette étape" }).ClickAsync();
        Assert.Equal("L'étape est enregistrée.", await page.Locator(".notice--success").InnerTextAsync());
        var terms = (await StoredAsync(app, "PTCE-2027")).GrantTerms;
        Assert.Equal([("signature", 50m, (string?)null), ("interim", 20m, "interim"), ("final", 20m, "final"), ("bonus", 10m, "final")],
            terms.Tranches.Select(t => (t.Key, t.Percent, t.AfterReport)));

        await page.GotoAsync($"/Admin/Calls/edit/{call.Id}/form");
        var title = page.Locator("#field-0-0");
        Assert.True(await title.GetByLabel("Longueur maximale").IsVisibleAsync());
        Assert.False(await title.GetByLabel("Choix proposés").IsVisibleAsync());
        Assert.False(await title.GetByLabel("pdf").IsVisibleAsync());
        await title.GetByLabel("Type").SelectOptionAsync("SingleChoice");
        Assert.True(await title.GetByLabel("Choix proposés").IsVisibleAsync());
        Assert.False(await title.GetByLabel("Longueur maximale").IsVisibleAsync());
        await page.AuditAsync("admin-call-editor-form");
        await page.SetViewportSizeAsync(390, 844);
        await page.AssertNoHorizontalOverflowAsync("admin-call-editor-form-390");
        await page.ScreenshotAsync(new() { Path = Path.Combine(PageChecks.ScreenshotFolder, "admin-call-editor-form-390.png"), FullPage = true });
    }

    [Fact]
    public async Task An_eligibility_rule_shows_only_the_settings_of_its_kind_and_keeps_only_those()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var call = await app.DraftCallAsync();
        var page = await browser.OpenAsync(app, width: 1366);
        await AdminSession.SignInAsync(page, "admin@funder.example");
        await page.GotoAsync($"/Admin/Calls/edit/{call.Id}/eligibility");
        var existing = await page.Locator(".rule-row").CountAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une règle" }).ClickAsync();
        var rule = page.Locator($"#rule-{existing}");
        await rule.GetByLabel("Clé").FillAsync("partners");
        Assert.True(await rule.GetByLabel("Champ concerné").IsVisibleAsync()); // a required answer names its question
        Assert.False(await rule.GetByLabel("Nombre minimal").IsVisibleAsync());
        await rule.GetByLabel("Champ concerné").FillAsync("summary");
        await rule.GetByLabel("Type de règle").SelectOptionAsync("MinimumPartners");
        Assert.False(await rule.GetByLabel("Champ concerné").IsVisibleAsync());
        Assert.False(await rule.GetByLabel("Valeurs", new() { Exact = true }).IsVisibleAsync());
        await rule.GetByLabel("Nombre minimal").FillAsync("3");
        await rule.GetByLabel("Dont ESS").FillAsync("1");
        await page.AuditAsync("admin-call-editor-eligibility");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette étape" }).ClickAsync();

        Assert.Equal("L'étape est enregistrée.", await page.Locator(".notice--success").InnerTextAsync());
        var stored = (await StoredAsync(app, "PTCE-2027")).EligibilityRules.Single(r => r.Key == "partners");
        Assert.Equal((EligibilityRuleKind.MinimumPartners, (string?)null, 3, 1), (stored.Kind, stored.Field, stored.Count, stored.SocialEconomyCount));
        Assert.False(await page.Locator($"#rule-{existing}").GetByLabel("Champ concerné").IsVisibleAsync());
        await page.SetViewportSizeAsync(390, 844);
        await page.AssertNoHorizontalOverflowAsync("admin-call-editor-eligibility-390");
    }

    [Fact]
    public async Task The_preview_shows_the_form_as_an_applicant_sees_it()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var call = await app.DraftCallAsync();
        var page = await browser.OpenAsync(app, width: 1366);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync($"/Admin/Calls/edit/{call.Id}/form");
        await page.GetByRole(AriaRole.Link, new() { Name = "Aperçu du formulaire" }).ClickAsync();
        Assert.Equal("Aperçu du dossier – PTCE-2027", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(["Le projet", "Pièces jointes"], await page.Locator(".preview legend h3").AllInnerTextsAsync());
        Assert.True(await page.GetByLabel("Titre du projet").IsVisibleAsync());
        Assert.True(await page.GetByLabel("Montant demandé").IsVisibleAsync());
        Assert.Contains("PDF", await page.Locator("#a_budget-hint").InnerTextAsync());
        Assert.Equal(0, await page.Locator(".preview form").CountAsync()); // nothing typed in the preview can be sent
        Assert.Equal(1, await page.Locator(".preview").GetByRole(AriaRole.Button, new() { Name = "Téléverser ce fichier" }).CountAsync());
        await page.AuditAsync("admin-call-preview");
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
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette étape" }).ClickAsync();
        var error = page.Locator(".error-summary li a");
        Assert.Equal("The maximum grant cannot exceed the budget envelope.", await error.InnerTextAsync());
        await page.AuditAsync("admin-call-editor-errors");
        await error.ClickAsync();
        Assert.Equal("Input_MaxGrant", await page.EvaluateAsync<string>("document.activeElement.id"));

        await page.GetByLabel("Enveloppe (€)").FillAsync("1600000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette étape" }).ClickAsync();
        Assert.Equal("L'étape est enregistrée.", await page.Locator(".notice--success").InnerTextAsync());
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
