using CallManager.Domain.Accounts;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using CallManager.Runtime;
using CallManager.Web.Tests.Grants;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class GrantPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_beneficiary_sends_a_report_from_the_grant_space_and_an_administrator_records_a_payment_on_the_board()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var lea = await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        var grantId = await SignedGrantAsync(app, lea);
        var page = await browser.OpenAsync(app);
        await SignInAsync(page, "lea@asso.example");

        await page.GotoAsync("/Applicant/Grants");
        Assert.Equal("Mes subventions", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("En cours", await page.Locator(".panel .tag").First.InnerTextAsync());
        await page.AuditAsync("applicant-grants");
        var interim = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le rapport Rapport intermédiaire" }) });
        await interim.GetByLabel("Rapport (PDF, DOCX ou ODT)").SetInputFilesAsync(new FilePayload { Name = "rapport.pdf", MimeType = "application/pdf", Buffer = Scenario.Png });
        await interim.GetByLabel("Emplois créés").FillAsync("3");
        await interim.GetByRole(AriaRole.Button, new() { Name = "Envoyer le rapport Rapport intermédiaire" }).ClickAsync();
        Assert.Equal(["Indiquez une valeur pour « Partenaires actifs ».", "Le contenu de « rapport.pdf » n'est pas un document PDF, DOCX ou ODT (le type est déterminé d'après le contenu, pas d'après le nom) : exportez le rapport dans l'un de ces formats."],
            await page.Locator(".error-summary li").AllInnerTextsAsync());

        interim = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le rapport Rapport intermédiaire" }) });
        await interim.GetByLabel("Rapport (PDF, DOCX ou ODT)").SetInputFilesAsync(new FilePayload { Name = "rapport.pdf", MimeType = "application/pdf", Buffer = Scenario.Pdf });
        await interim.GetByLabel("Partenaires actifs").FillAsync("5");
        await interim.GetByRole(AriaRole.Button, new() { Name = "Envoyer le rapport Rapport intermédiaire" }).ClickAsync();
        Assert.Equal("Votre rapport est envoyé : il sera examiné par l'équipe de l'appel.", await page.Locator(".notice").InnerTextAsync());

        var admin = await browser.OpenAsync(app, width: 1366);
        await SignInAsync(admin, "admin@funder.example");
        await admin.GotoAsync("/Admin/Grants");
        var row = admin.Locator("tbody tr").First;
        Assert.Equal("PTCE-2027-0001", await row.Locator("th a").InnerTextAsync());
        Assert.Equal("En cours", await row.Locator(".tag").First.InnerTextAsync());
        Assert.Equal(["60 000 €", "0 €", "60 000 €"], (await row.Locator("td.num").AllInnerTextsAsync()).Select(t => t.Replace('\u202f', ' ').Replace('\u00a0', ' ')));
        Assert.StartsWith("À la signature", await row.Locator("td").Nth(4).InnerTextAsync());
        Assert.Contains("payable", await row.Locator("td").Nth(4).InnerTextAsync());
        Assert.StartsWith("Rapport intermédiaire", await row.Locator("td").Nth(5).InnerTextAsync());
        Assert.Contains("Déposé, à examiner", await row.Locator("td").Nth(5).InnerTextAsync());
        Assert.Equal("1 subvention affichée sur 1.", await admin.Locator("#grants-count").InnerTextAsync());
        await admin.AuditAsync("admin-grants");

        await row.Locator("th a").ClickAsync();
        Assert.Equal("Atelier partagé · PTCE-2027-0001", await admin.Locator("h1").InnerTextAsync());
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le versement — À la signature" }).ClickAsync();
        Assert.Equal("Le versement est enregistré.", await admin.Locator(".notice--success").InnerTextAsync());
        Assert.Equal("Paid", (await GrantDriver.GrantRowAsync(app, await ApplicationOfAsync(app, grantId))).Tranches.Single(t => t.Key == "signature").State);

        await admin.GetByRole(AriaRole.Button, new() { Name = "Demander des modifications — Rapport intermédiaire" }).ClickAsync();
        Assert.NotEmpty(await admin.Locator(".error-summary li").AllInnerTextsAsync()); // no reasons given: refused, said on the page
        await admin.GetByLabel("Modifications à apporter").FillAsync("Joignez le compte rendu du comité de pilotage.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Demander des modifications — Rapport intermédiaire" }).ClickAsync();
        Assert.Equal("La demande de modifications est envoyée au bénéficiaire.", await admin.Locator(".notice--success").InnerTextAsync());
        Assert.Contains("Joignez le compte rendu du comité de pilotage.", await admin.Locator(".history").InnerTextAsync());
        await admin.AuditAsync("admin-grant");
        await admin.SetViewportSizeAsync(390, 844);
        await admin.AssertNoHorizontalOverflowAsync("admin-grant-390");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(PageChecks.ScreenshotFolder, "admin-grant-390.png"), FullPage = true });
        await admin.GotoAsync("/Admin/Grants");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(PageChecks.ScreenshotFolder, "admin-grants-390.png"), FullPage = true });
    }

    /// <summary>A selected dossier of Léa's organisation, its grant opened by the DossierSelected stimulus and signed (start 1 March 2027).</summary>
    private static async Task<Guid> SignedGrantAsync(CallManagerApp app, AppUser lea)
    {
        var call = await app.PublishedCallAsync();
        var now = app.Clock.GetUtcNow();
        var organisation = new Organisation { Name = "Atelier du Lot", Siren = Submissions.SubmissionDriver.Siren(1), LegalForm = "Association", SocialEconomy = true, Region = "Occitanie", CreatedAt = now };
        var application = new Application
        {
            CallId = call.Id, Reference = "PTCE-2027-0001", LeadOrganisationId = organisation.Id, CreatedBy = lea.Id, Status = ApplicationStatus.Selected,
            Title = "Atelier partagé", CreatedAt = now, UpdatedAt = now,
        };
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
            db.AddRange(organisation, new OrganisationMember { OrganisationId = organisation.Id, UserId = lea.Id, JoinedAt = now }, application);
            await db.SaveChangesAsync();
        }
        await app.Services.GetRequiredService<IWorkflowRuntime>().StimulateAsync(GrantDriver.Selected(application.Id, call.Id, 60000));
        var grant = await GrantDriver.GrantRowAsync(app, application.Id);
        using var sign = app.Services.CreateScope();
        await sign.ServiceProvider.GetRequiredService<GrantService>().SignAsync(grant.Id, new AgreementInput(new(2027, 3, 1), new(2027, 3, 1)), Actor.System);
        return grant.Id;
    }

    private static async Task<Guid> ApplicationOfAsync(CallManagerApp app, Guid grantId)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<Grant>().Single(g => g.Id == grantId).ApplicationId;
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(ApiClientExtensions.Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.Locator(".account-tools__name").WaitForAsync();
    }
}
