using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Selection;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class ExportsTests(BrowserFixture browser)
{
    /// <summary>The CSV is written for French spreadsheets: ";" between fields, a decimal comma.</summary>
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly string[] Criteria =
    [
        "Mutualisation des ressources", "Ancrage territorial et impact", "Innovation sociale", "Viabilité économique et autofinancement",
        "Gouvernance coopérative", "Emplois créés",
    ];

    [Fact]
    public async Task The_reviews_export_has_one_row_per_review_with_scores_total_comment_and_submission_time_in_the_call_zone_and_pseudonyms_when_anonymised()
    {
        await using var app = await BrowserApp.StartAsync();
        var driver = await ReviewBoardScenario.PrepareAsync(app);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, SelectionDriver.Admin);
        await page.GotoAsync($"/Admin/Calls/{driver.CallId}/Progress");

        var csv = await ReadCsvAsync(await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Exporter les évaluations (CSV)" }).ClickAsync()));
        Assert.Equal(["Dossier", "Intitulé du projet", "Évaluateur", "Statut", .. Criteria, "Total /100", "Commentaire général", "Commentaires par critère",
            "Confiance (1 à 3)", "Soumise le (Europe/Paris)"], csv[0]);
        Assert.Equal(5, csv.Count);
        Assert.Equal(["PTCE-2027-0001", "reviewer0@jury.example", "Soumise", "4", "4", "4", "4", "4", "4"], [csv[1][0], .. csv[1][2..10]]);
        Assert.Equal(80m, decimal.Parse(csv[1][10], French));
        Assert.Equal(["Très solide.", "Mutualisation des ressources : Mutualisation: Très solide.", "2", "2027-03-16 12:00"], csv[1][11..]);
        Assert.Equal(["PTCE-2027-0001", "reviewer1@jury.example", "Soumise", "1", "5", "1", "1", "1", "1"], [csv[2][0], .. csv[2][2..10]]);
        Assert.Equal(36m, decimal.Parse(csv[2][10], French));
        Assert.Equal(["PTCE-2027-0002", "reviewer0@jury.example", "Brouillon (en retard)", "", "", "", "", "", "", "", "", "", "", ""], [csv[3][0], .. csv[3][2..]]);
        Assert.Equal(["PTCE-2027-0003", "reviewer1@jury.example", "Brouillon (en conflit)"], [csv[4][0], .. csv[4][2..4]]);

        var xlsx = await ReadXlsxAsync(await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Exporter les évaluations (Excel)" }).ClickAsync()));
        Assert.Equal(csv[0], xlsx[0].Select(c => c.Text).ToArray());
        Assert.Equal(5, xlsx.Count);
        Assert.Equal((CellValues.Number, 36m), (xlsx[2][10].Type, decimal.Parse(xlsx[2][10].Text, CultureInfo.InvariantCulture)));
        Assert.Equal(new DateTime(2027, 3, 16, 12, 0, 0), DateTime.FromOADate(double.Parse(xlsx[1][14].Text, CultureInfo.InvariantCulture)));

        await AnonymiseAsync(app, driver.CallId);
        var anonymised = await ReadCsvAsync(await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Exporter les évaluations (CSV)" }).ClickAsync()));
        Assert.Equal(["Évaluateur 1", "Évaluateur 2"], anonymised[1..3].Select(row => row[2]).Order());
        Assert.Equal(anonymised[1][2], anonymised[3][2]);
        Assert.DoesNotContain(anonymised, row => row.Any(cell => cell.Contains("@jury.example")));
    }

    private static async Task AnonymiseAsync(BrowserApp app, Guid callId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var call = await db.Set<Call>().SingleAsync(c => c.Id == callId);
        call.Review = call.Review with { Anonymise = true };
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_ranking_export_lists_rank_dossier_score_spread_disagreement_status_decision_and_amounts()
    {
        await using var app = await BrowserApp.StartAsync();
        var driver = await ReviewBoardScenario.PrepareAsync(app);
        var admin = await driver.AsAsync(SelectionDriver.Admin);
        var staged = await admin.PutAsJsonAsync($"/api/applications/{driver.Dossiers[0]}/decision", new { outcome = "Selected", grantedAmount = 75000 });
        Assert.Equal(HttpStatusCode.OK, staged.StatusCode);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, SelectionDriver.Admin);
        await page.GotoAsync($"/Admin/Calls/{driver.CallId}/Selection");

        var csv = await ReadCsvAsync(await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Exporter le classement (CSV)" }).ClickAsync()));
        Assert.Equal(["Rang", "Dossier", "Intitulé du projet", "Total /100", "Écart-type", "Désaccord", "Statut", "Décision", "Montant demandé", "Montant accordé"], csv[0]);
        Assert.Equal(["1", "PTCE-2027-0001"], csv[1][..2]);
        Assert.Equal((58m, 22m), (decimal.Parse(csv[1][3], French), decimal.Parse(csv[1][4], French)));
        Assert.Equal(["Oui", "Recevable", "Retenu (en préparation)"], csv[1][5..8]);
        Assert.Equal(75000m, decimal.Parse(csv[1][9], French));
        Assert.All(csv, row => Assert.Equal(10, row.Length));

        var xlsx = await ReadXlsxAsync(await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Exporter le classement (Excel)" }).ClickAsync()));
        Assert.Equal(csv.Count, xlsx.Count);
        Assert.Equal((CellValues.Number, 75000m), (xlsx[1][9].Type, decimal.Parse(xlsx[1][9].Text, CultureInfo.InvariantCulture)));
    }

    /// <summary>Every record of the downloaded CSV, header first, parsed with CsvHelper.</summary>
    private static async Task<List<string[]>> ReadCsvAsync(IDownload download)
    {
        using var reader = CsvReader.FromText(await File.ReadAllTextAsync(await download.PathAsync()), null);
        var rows = new List<string[]> { reader.Headers.ToArray() };
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i)).ToArray());
        return rows;
    }

    /// <summary>The cells of the only worksheet, row by row, with their type (number or inline text).</summary>
    private static async Task<List<(CellValues Type, string Text)[]>> ReadXlsxAsync(IDownload download)
    {
        using var document = SpreadsheetDocument.Open(await download.PathAsync(), false);
        return document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(row => row.Elements<Cell>().Select(c => (c.DataType?.Value ?? CellValues.Number, c.InlineString?.InnerText ?? c.CellValue?.Text ?? "")).ToArray())
            .ToList();
    }
}
