using System.Net;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;
using CallManager.Domain.Accounts;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>
/// The programme officer's instruction at 1366 px, by keyboard: PTCE hubs judged on the list and the dossier page, a batch
/// refused because of an ineligible dossier, a derogation recorded on the page, then the decision, the trace and the export.
/// </summary>
[Collection(BrowserCollection.Name)]
public class InstructionPageTests(BrowserFixture browser)
{
    private const string Reason = "La coopérative exerce une activité commerciale sous convention avec la préfecture.";

    [Fact]
    public async Task An_ineligible_hub_is_refused_then_admitted_after_a_derogation_shown_in_the_trace_and_the_export()
    {
        await using var app = await BrowserApp.StartAsync();
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await PtceHubs.CreateLawCallAsync(admin);
        var (eligible, _) = await PtceHubs.EligibleAsync(app, callId);
        var (noCompany, _) = await PtceHubs.NoCompanyAsync(app, callId);
        await PtceHubs.OutsideAsync(app, callId);
        await PtceHubs.ClaimWithoutDocumentAsync(app, callId);
        var page = await browser.OpenAsync(app, width: 1366);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        // The list judges each hub: eligible, no company, a member outside the département (named), an ESS claim without its document.
        await page.GotoAsync($"/Admin/Calls/{callId}/Dossiers");
        var rows = page.Locator("#Batch_Applications tbody tr");
        Assert.Equal("Éligible", await rows.Nth(0).Locator(".tag").Nth(1).InnerTextAsync());
        Assert.Contains("aucune entreprise hors ESS", await rows.Nth(1).InnerTextAsync());
        Assert.Contains("Menuiserie de Rodez (Rodez, Aveyron) est hors du département du chef de file (Cahors, Lot)", await rows.Nth(2).InnerTextAsync());
        Assert.Contains("Solaire Lotois (SAS) se déclare de l'ESS sans le justificatif", await rows.Nth(3).InnerTextAsync());
        Assert.Equal(0, await page.Locator("input[type=checkbox]:checked, input[type=radio]:checked").CountAsync());

        // Two dossiers ticked and decided by keyboard: refused as a whole, naming the ineligible one.
        await Press(page, "#batch-" + eligible, "Space");
        await Press(page, "#batch-" + noCompany, "Space");
        await Press(page, "#batch-decision-Admissible", "Space");
        await page.Locator("#Batch_Reason").FocusAsync();
        await page.Keyboard.TypeAsync("Dossier complet.");
        await SubmitAsync(page, "#batch-panel button[type=submit]", "Rien n'a été enregistré");
        var errors = string.Join(" ", await page.Locator(".error-summary li").AllInnerTextsAsync());
        Assert.Contains("Rien n'a été enregistré", errors);
        Assert.Contains("PTCE-2027-0002", errors);
        Assert.Equal("Déposé", await rows.Nth(0).Locator(".tag").First.InnerTextAsync());
        await page.AuditAsync("admin-dossiers-batch-refused");

        // The instruction page: the whole dossier, each rule with its reason, nothing chosen beforehand.
        await page.GotoAsync($"/Admin/Calls/{callId}/Dossiers/{noCompany}");
        Assert.Equal(0, await page.Locator("#decision-form input:checked").CountAsync());
        var members = await page.Locator("section[aria-labelledby=members-title]").InnerTextAsync();
        Assert.Contains("Mairie de Gourdon", members);
        Assert.Contains("Collectivité locale", members);
        Assert.Contains("ESS par sa forme juridique", members);
        var rule = page.Locator("#rule-ptce");
        Assert.Equal("Non remplie", await rule.Locator(".tag").InnerTextAsync());
        Assert.Contains("aucune entreprise hors ESS", await rule.InnerTextAsync());
        Assert.Equal("Lot", await page.Locator("dt:text-is('Territoire') + dd").InnerTextAsync());
        var open = page.GetByRole(AriaRole.Link, new() { Name = "Ouvrir budget.pdf" });
        var inline = await page.Context.APIRequest.GetAsync(await open.GetAttributeAsync("href") ?? "");
        Assert.Equal(200, inline.Status);
        Assert.StartsWith("inline", inline.Headers["content-disposition"]);
        await page.AuditAsync("admin-instruction-ineligible");

        await Press(page, "#decision-Admissible", "Space");
        await page.Locator("#Input_Reason").FocusAsync();
        await page.Keyboard.TypeAsync("Dossier complet.");
        await SubmitAsync(page, "#decision-form button[type=submit]", "ne peut pas être déclaré recevable");
        Assert.Contains("ne peut pas être déclaré recevable", string.Join(" ", await page.Locator(".error-summary li").AllInnerTextsAsync()));

        // The derogation, recorded on the page, shows beside the rule and in the trace; the decision then passes.
        await page.Locator("#Derogation_Rule").SelectOptionAsync("ptce");
        await page.Locator("#Derogation_Reason").FocusAsync();
        await page.Keyboard.TypeAsync(Reason);
        await SubmitAsync(page, "#derogation-form button[type=submit]", "La dérogation est enregistrée");
        Assert.Contains("La dérogation est enregistrée", await page.Locator(".notice--success").InnerTextAsync());
        Assert.Contains(Reason, await rule.InnerTextAsync());
        Assert.Contains("Accordée par admin, le ", await rule.InnerTextAsync());
        Assert.Contains("Éligible par dérogation", await page.Locator(".facts").First.InnerTextAsync());
        await Press(page, "#decision-Admissible", "Space");
        await page.Locator("#Input_Reason").FocusAsync();
        await page.Keyboard.TypeAsync("Dossier complet.");
        await SubmitAsync(page, "#decision-form button[type=submit]", "La décision est enregistrée");
        Assert.Equal("La décision est enregistrée et le porteur en est informé par courriel.", await page.Locator(".notice--success").InnerTextAsync());
        var trace = await page.Locator("section[aria-labelledby=trace-title] tbody tr").AllInnerTextsAsync();
        Assert.Contains(trace, t => t.Contains("Dérogation accordée") && t.Contains(Reason));
        Assert.Contains(trace, t => t.Contains("Recevabilité décidée") && t.Contains("Recevable"));
        await page.AuditAsync("admin-instruction-derogation");

        // The export of the list carries the derogation.
        await page.GotoAsync($"/Admin/Calls/{callId}/Dossiers");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Exporter le tableau (CSV)" }).ClickAsync());
        Assert.Contains($"ptce : {Reason}", await File.ReadAllTextAsync(await csv.PathAsync()));
        Assert.Contains($"Dérogation à « ptce » : {Reason}", await rows.Nth(1).InnerTextAsync());
    }

    private static async Task Press(IPage page, string selector, string key)
    {
        await page.Locator(selector).FocusAsync();
        await page.Keyboard.PressAsync(key);
    }

    /// <summary>Presses Enter on a submit button and waits for the answer page to show <paramref name="shown"/>.</summary>
    private static async Task SubmitAsync(IPage page, string button, string shown)
    {
        await Press(page, button, "Enter");
        await page.GetByText(shown).First.WaitForAsync();
    }
}
