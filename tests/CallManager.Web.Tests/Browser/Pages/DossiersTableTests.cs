using System.Net;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;
using CallManager.Domain.Accounts;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class DossiersTableTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_administrator_asks_for_missing_documents_grants_a_late_exception_and_exports_the_table()
    {
        await using var app = await BrowserApp.StartAsync();
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await SubmissionDriver.CreatePublishedCallAsync(admin);
        var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant);
        var organisation = await SubmissionDriver.CreateOrganisationAsync(applicant, 7);
        var dossier = await SubmissionDriver.CreateDraftAsync(applicant, callId, organisation);
        await SubmissionDriver.CompleteAsync(applicant, dossier, 7);
        await SubmissionDriver.Expect(await applicant.PostAsync($"/api/applications/{dossier}/submit", null), HttpStatusCode.OK);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync($"/Admin/Calls/{callId}/Dossiers?Status=Submitted");
        Assert.Equal("1 dossier affiché sur 1.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.StartsWith("Dossiers – PTCE-2027", await page.TitleAsync()); // no "Erreur :" prefix when nothing is wrong (Sort absent from the link)
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Exporter le tableau (CSV)" }).ClickAsync());
        var lines = File.ReadAllLines(await csv.PathAsync());
        Assert.Equal("Dossier,Intitulé du projet,Structure porteuse,Statut,Montant demandé,Déposé le,Éligibilité,Motifs d'inéligibilité,Dérogations aux règles d'éligibilité", lines[0].TrimStart('\uFEFF'));
        Assert.StartsWith("PTCE-2027-", lines[1]);
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Exporter le tableau (Excel)" }).ClickAsync());
        using (var sheet = SpreadsheetDocument.Open(await xlsx.PathAsync(), false))
        {
            var rows = sheet.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
            Assert.Equal(2, rows.Count);
            Assert.Equal(80000m, decimal.Parse(rows[1].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().ElementAt(4).CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        }

        await page.Locator("tbody a", new() { HasText = "Instruire" }).ClickAsync();
        await page.GetByLabel("Demander des pièces manquantes").CheckAsync();
        await page.GetByLabel("Statuts").CheckAsync();
        await page.GetByLabel("Motif").FillAsync("Les statuts fournis ne sont pas signés.");
        await page.GetByLabel("Pièces attendues avant le").FillAsync("2027-03-25T12:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la décision" }).ClickAsync();
        Assert.Equal("La décision est enregistrée et le porteur en est informé par courriel.", await page.Locator(".notice--success").InnerTextAsync());
        Assert.Equal("Pièces manquantes", await page.Locator("dd .tag").First.InnerTextAsync());
        await page.AuditAsync("admin-dossier-instruct");

        await page.GotoAsync($"/Admin/Calls/{callId}/late");
        await page.GetByLabel("Structure").SelectOptionAsync(new SelectOptionValue { Label = "Organisation 7" });
        await page.GetByLabel("Dépôt accepté jusqu'au").FillAsync("2027-03-20T12:00");
        await page.GetByLabel("Motif de la dérogation").FillAsync("Panne du service de signature le jour du dépôt.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accorder une dérogation" }).ClickAsync();
        Assert.Equal("Panne du service de signature le jour du dépôt.", await page.Locator("tbody td").Nth(2).InnerTextAsync());
        Assert.Equal("20 mars 2027 à 12:00 (Europe/Paris)", await page.Locator("tbody td").Nth(1).InnerTextAsync());
        await page.AuditAsync("admin-late-exceptions");
    }
}
