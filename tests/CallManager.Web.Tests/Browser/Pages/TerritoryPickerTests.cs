using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>
/// Communes, départements and régions picked from the official list on the organisation, partners and dossier forms; an unknown
/// code typed in is refused next to its field. The demo call's page read in French and English, on a desktop and a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public class TerritoryPickerTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_applicant_picks_communes_and_a_département_from_the_official_list()
    {
        await using var app = await BrowserApp.StartAsync();
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await PtceHubs.CreateLawCallAsync(admin);
        var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant);
        var page = await browser.OpenAsync(app, width: 1366);
        await AdminSession.SignInAsync(page, "lea@asso.example");

        await page.GotoAsync("/Applicant/Organisation");
        await page.GetByLabel("Nom de la structure").FillAsync("Tiers-Lieu de Cahors");
        await page.GetByLabel("Numéro SIREN").FillAsync(SubmissionDriver.Siren(42));
        await page.GetByLabel("Forme juridique").SelectOptionAsync("Association");
        await page.GetByLabel("Commune").FillAsync("99999");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la structure" }).ClickAsync();
        Assert.Contains("« 99999 » n'est pas une commune de la liste officielle", await page.Locator("#Input_Commune-error").InnerTextAsync());
        await page.AuditAsync("applicant-organisation-unknown-commune");

        // Typing shows suggestions from the official list; the picked label is what the form sends.
        await page.GetByLabel("Commune").FillAsync("");
        await page.GetByLabel("Commune").PressSequentiallyAsync("Caho");
        await page.Locator("#Input_Commune-communes option[value='Cahors (46042)']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("Commune").FillAsync("Cahors (46042)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la structure" }).ClickAsync();
        Assert.Contains("Cahors (46042) · Occitanie", await page.Locator(".link-list").InnerTextAsync());

        var organisation = JsonNode.Parse(await applicant.GetStringAsync("/api/organisations/mine"))!.AsArray().Single()!;
        var dossier = await SubmissionDriver.CreateDraftAsync(applicant, callId, organisation["id"]!.GetValue<Guid>());
        await page.GotoAsync($"/Applicant/Dossiers/{dossier}/partners");
        var partner = page.Locator("#partner-0");
        await partner.GetByLabel("Nom de la structure").FillAsync("Garage de Figeac");
        await partner.GetByLabel("Numéro SIREN").FillAsync(SubmissionDriver.Siren(43));
        await partner.GetByLabel("Forme juridique").SelectOptionAsync("SAS");
        await partner.GetByLabel("Commune").FillAsync("46102");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les partenaires" }).ClickAsync();
        Assert.Equal("Figeac (46102)", await page.Locator("#partner-0").GetByLabel("Commune").InputValueAsync());
        Assert.Equal("Occitanie", await page.Locator("#partner-0").GetByLabel("Région").InputValueAsync());
        await page.AuditAsync("applicant-partners-communes");

        await page.GotoAsync($"/Applicant/Dossiers/{dossier}/0");
        await page.GetByLabel("Territoire").SelectOptionAsync(new SelectOptionValue { Label = "46 — Lot" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et continuer" }).ClickAsync();
        var answers = JsonNode.Parse(await applicant.GetStringAsync($"/api/applications/{dossier}"))!["answers"]!;
        Assert.Equal("Lot", answers["territory"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_demo_call_page_states_the_PTCE_rules_in_French_and_English()
    {
        await using var app = await BrowserApp.StartAsync(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        Guid callId;
        using (var scope = app.Services.CreateScope())
            callId = await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<Call>().Select(c => c.Id).SingleAsync();

        foreach (var width in new[] { 1366, 390 })
        {
            var page = await browser.OpenAsync(app, width: width);
            await page.GotoAsync($"/calls/{callId}");
            var french = await page.Locator("main").InnerTextAsync();
            Assert.Contains("Les membres du pôle, chef de file compris, comptent au moins une entreprise de l'économie sociale et solidaire (ESS)", french);
            Assert.Contains("La réponse « Résumé » est renseignée.", french);
            Assert.Contains("La structure cheffe de file n'a été retenue par aucun appel précédent.", french);
            Assert.DoesNotContain("summary", french);
            await page.AssertNoHorizontalOverflowAsync($"demo-call-fr-{width}");
            await page.AuditAsync($"demo-call-fr-{width}");

            await page.GotoAsync($"/calls/{callId}?culture=en&ui-culture=en");
            var english = await page.Locator("main").InnerTextAsync();
            Assert.Contains("The hub's members, lead included, include at least one social and solidarity economy (ESS) enterprise", english);
            Assert.Contains("The answer 'Summary' is given.", english);
            Assert.Contains("The lead organisation was not selected in any earlier call.", english);
            await page.AssertNoHorizontalOverflowAsync($"demo-call-en-{width}");
            await page.AuditAsync($"demo-call-en-{width}");
            await page.Context.CloseAsync();
        }
    }
}
