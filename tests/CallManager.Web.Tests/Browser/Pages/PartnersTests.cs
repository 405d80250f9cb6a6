using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;
using CallManager.Domain.Accounts;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class PartnersTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_applicant_adds_two_partners_to_a_draft_without_javascript()
    {
        await using var app = await BrowserApp.StartAsync();
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await SubmissionDriver.CreatePublishedCallAsync(admin);
        var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant);
        var dossier = await SubmissionDriver.CreateDraftAsync(applicant, callId, await SubmissionDriver.CreateOrganisationAsync(applicant, 5));
        var page = await browser.OpenAsync(app, javaScript: false);
        await AdminSession.SignInAsync(page, "lea@asso.example");

        await page.GotoAsync($"/Applicant/Dossiers/{dossier}/0");
        await page.GetByRole(AriaRole.Link, new() { Name = "Partenaires", Exact = true }).ClickAsync();
        await Fill(page.Locator("#partner-0"), "Ressourcerie du Lot", SubmissionDriver.Siren(901), "SCOP", social: true);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un partenaire" }).ClickAsync();
        await Fill(page.Locator("#partner-1"), "Mairie de Figeac", SubmissionDriver.Siren(902), "Collectivité", social: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les partenaires" }).ClickAsync();

        Assert.Equal("Les partenaires sont enregistrés.", await page.Locator(".notice").InnerTextAsync());
        Assert.Equal("Mairie de Figeac", await page.Locator("#partner-0").GetByLabel("Nom de la structure").InputValueAsync()); // listed by name
        Assert.Equal("Ressourcerie du Lot", await page.Locator("#partner-1").GetByLabel("Nom de la structure").InputValueAsync());
        var stored = JsonNode.Parse(await applicant.GetStringAsync($"/api/applications/{dossier}"))!;
        Assert.Equal(2, stored["partnerOrganisationIds"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_partners_page_passes_the_accessibility_checks()
    {
        await using var app = await BrowserApp.StartAsync();
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await SubmissionDriver.CreatePublishedCallAsync(admin);
        var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant);
        var dossier = await SubmissionDriver.CreateDraftAsync(applicant, callId, await SubmissionDriver.CreateOrganisationAsync(applicant, 6));
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "lea@asso.example");

        await page.GotoAsync($"/Applicant/Dossiers/{dossier}/partners");

        Assert.Equal("Partenaires du projet", await page.Locator("h1").InnerTextAsync());
        await page.AuditAsync("applicant-partners");
    }

    private static async Task Fill(ILocator partner, string name, string siren, string legalForm, bool social)
    {
        await partner.GetByLabel("Nom de la structure").FillAsync(name);
        await partner.GetByLabel("Numéro SIREN").FillAsync(siren);
        await partner.GetByLabel("Forme juridique").SelectOptionAsync(legalForm);
        await partner.GetByLabel("Région").SelectOptionAsync("Occitanie"); // a list of the official régions since the territory pickers
        if (social) await partner.GetByLabel("La structure relève de l'économie sociale").CheckAsync();
    }
}
