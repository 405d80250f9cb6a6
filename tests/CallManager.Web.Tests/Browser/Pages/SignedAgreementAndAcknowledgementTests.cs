using CallManager.Domain.Accounts;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Documents;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>A grant holder who signs on paper uploads the signed agreement, then downloads the acknowledgement of a report it sent.</summary>
[Collection(BrowserCollection.Name)]
public class SignedAgreementAndAcknowledgementTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_signed_pdf_is_kept_with_its_hash_instead_of_an_online_acceptance_and_a_sent_report_gets_a_stored_pdf_acknowledgement()
    {
        await using var app = await BrowserApp.StartAsync();
        var lea = await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        await GrantHolderJourneyTests.AwaitingGrantAsync(app, lea);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "lea@asso.example");
        await page.GotoAsync("/Applicant/Grants");

        await page.GetByText("Vous signez sur papier ? Déposez la convention signée").ClickAsync();
        await page.GetByLabel("Convention signée (PDF)").SetInputFilesAsync(new FilePayload { Name = "convention.pdf", MimeType = "application/pdf", Buffer = Scenario.Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "Déposer la convention signée" }).ClickAsync();
        Assert.Equal(["Le contenu de «\u00a0convention.pdf\u00a0» n'est pas un PDF (le type est lu dans le contenu, pas dans le nom)\u00a0: numérisez ou exportez la convention signée en PDF."],
            await page.Locator(".error-summary li").AllInnerTextsAsync());

        await page.GetByText("Vous signez sur papier ? Déposez la convention signée").ClickAsync();
        await page.GetByLabel("Convention signée (PDF)").SetInputFilesAsync(new FilePayload { Name = "convention.pdf", MimeType = "application/pdf", Buffer = Scenario.Pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "Déposer la convention signée" }).ClickAsync();
        Assert.StartsWith("La convention est signée", await page.Locator(".notice").InnerTextAsync());
        Assert.StartsWith("Convention signée déposée le ", await page.Locator(".grant p").Filter(new() { HasText = "Convention signée déposée le" }).InnerTextAsync());
        Assert.Equal(PdfText.Sha256(Scenario.Pdf), await page.Locator(".grant code.hash").InnerTextAsync());
        var signed = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Convention signée déposée (PDF)" }).ClickAsync());
        Assert.Equal(Scenario.Pdf, await File.ReadAllBytesAsync((await signed.PathAsync())!));

        var interim = page.Locator(".report").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Rapport intermédiaire" }) });
        await interim.GetByLabel("Emplois créés").FillAsync("2");
        await interim.GetByLabel("Partenaires actifs").FillAsync("5");
        await interim.GetByLabel("Rapport (PDF, DOCX ou ODT)").SetInputFilesAsync(new FilePayload { Name = "rapport.pdf", MimeType = "application/pdf", Buffer = Scenario.Pdf });
        await interim.GetByRole(AriaRole.Button, new() { Name = "Envoyer le rapport" }).ClickAsync();
        interim = page.Locator(".report").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Rapport intermédiaire" }) });
        var link = interim.GetByRole(AriaRole.Link, new() { Name = "Accusé de réception du rapport (PDF)" });
        var first = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await first.PathAsync())!);
        var text = PdfText.Extract(pdf);
        Assert.Contains("Accusé de réception du rapport « Rapport intermédiaire »", text);
        Assert.Contains("rapport.pdf", text);
        Assert.Contains(PdfText.Sha256(Scenario.Pdf), text.Replace("\n", "").Replace(" ", ""));
        var again = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal(pdf, await File.ReadAllBytesAsync((await again.PathAsync())!));
        await page.AssertNoHorizontalOverflowAsync("grant-signed-upload");
        await page.AuditAsync("grant-signed-upload");
    }
}
