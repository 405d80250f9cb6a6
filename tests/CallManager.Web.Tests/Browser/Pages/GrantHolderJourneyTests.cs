using System.Globalization;
using CallManager.Domain.Accounts;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using CallManager.Runtime;
using CallManager.Web.Tests.Documents;
using CallManager.Web.Tests.Grants;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>A grant holder on a phone and on a desktop: reads and signs the agreement, saves a report as a draft, sends it, answers the requested changes.</summary>
[Collection(BrowserCollection.Name)]
public class GrantHolderJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(390)]
    [InlineData(1366)]
    public async Task A_grant_holder_signs_the_agreement_it_read_sends_a_report_answers_the_changes_and_sees_the_tranche_become_payable(int width)
    {
        await using var app = await BrowserApp.StartAsync();
        var lea = await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        var grantId = await AwaitingGrantAsync(app, lea);
        var page = await browser.OpenAsync(app, width: width);
        await AdminSession.SignInAsync(page, "lea@asso.example");

        await page.GotoAsync("/Applicant/Grants");
        Assert.Equal(["À la signature", "Rapport intermédiaire", "Rapport final"], await page.Locator(".grant table tbody th").AllInnerTextsAsync());
        Assert.Equal(["à la signature", "12 mois après la signature", "24 mois après la signature"],
            await page.Locator(".grant table tbody td:nth-child(4)").AllInnerTextsAsync());
        Assert.Equal("Échéance : 12 mois après la signature de la convention", await page.Locator(".report p").First.InnerTextAsync());
        await page.AssertNoHorizontalOverflowAsync($"grant-unsigned-{width}");
        await page.AuditAsync($"grant-unsigned-{width}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Lire la convention (PDF)" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Contains("Convention de subvention n° PTCE-2027-0001", PdfText.Extract(pdf));
        Assert.Equal(PdfText.Sha256(pdf), await page.Locator(".grant code.hash").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Signer la convention" }).ClickAsync();
        Assert.Equal(["Cochez la case pour accepter la convention."], await page.Locator(".error-summary li").AllInnerTextsAsync());
        await page.GetByLabel("J'ai lu la convention et je l'accepte.").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Signer la convention" }).ClickAsync();
        Assert.Equal("La convention est signée : les rapports ont leurs échéances et la première tranche est payable.", await page.Locator(".notice").InnerTextAsync());
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);
        string Day(DateOnly d) => d.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"));
        Assert.Equal($"Échéance : {Day(today.AddMonths(12))}", await page.Locator(".report p").First.InnerTextAsync());
        Assert.Equal([Day(today), Day(today.AddMonths(12)), Day(today.AddMonths(24))], await page.Locator(".grant table tbody td:nth-child(4)").AllInnerTextsAsync());
        Assert.Equal(["payable", "en attente", "en attente"], await page.Locator(".grant table tbody td:nth-child(5) .tag").AllInnerTextsAsync());
        Assert.Contains(PdfText.Sha256(pdf), await page.Locator(".grant").InnerTextAsync());

        var interim = page.Locator(".report").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Rapport intermédiaire" }) });
        await interim.GetByLabel("Emplois créés").FillAsync("2");
        await interim.GetByLabel("Récit de la période").FillAsync("Trois ateliers ouverts.");
        await interim.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
        Assert.Equal("Votre brouillon est enregistré. Vous choisirez le document au moment d'envoyer le rapport.", await page.Locator(".notice").InnerTextAsync());
        interim = page.Locator(".report").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Rapport intermédiaire" }) });
        Assert.Equal(("2", "Trois ateliers ouverts."), (await interim.GetByLabel("Emplois créés").InputValueAsync(), await interim.GetByLabel("Récit de la période").InputValueAsync()));
        await interim.GetByLabel("Partenaires actifs").FillAsync("5");
        await interim.GetByLabel("Rapport (PDF, DOCX ou ODT)").SetInputFilesAsync(new FilePayload { Name = "rapport.pdf", MimeType = "application/pdf", Buffer = Scenario.Pdf });
        await interim.GetByRole(AriaRole.Button, new() { Name = "Envoyer le rapport" }).ClickAsync();
        Assert.Equal("Votre rapport est envoyé : il sera examiné par l'équipe de l'appel.", await page.Locator(".notice").InnerTextAsync());

        var reportId = (await GrantDriver.GrantRowAsync(app, await ApplicationOfAsync(app, grantId))).Reports.Single(r => r.Key == "interim").Id;
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<GrantService>().RequestChangesAsync(grantId, reportId, new ChangesInput("Ajoutez la fréquentation des ateliers."), Actor.System);
        await page.ReloadAsync();
        interim = page.Locator(".report").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Rapport intermédiaire" }) });
        Assert.Contains("Ajoutez la fréquentation des ateliers.", await interim.Locator(".notice").InnerTextAsync());
        await interim.GetByLabel("Votre réponse aux modifications demandées").FillAsync("La fréquentation est en partie 2.");
        await interim.GetByLabel("Emplois créés").FillAsync("2");
        await interim.GetByLabel("Partenaires actifs").FillAsync("5");
        await interim.GetByLabel("Rapport (PDF, DOCX ou ODT)").SetInputFilesAsync(new FilePayload { Name = "rapport-v2.pdf", MimeType = "application/pdf", Buffer = Scenario.Pdf });
        await interim.GetByRole(AriaRole.Button, new() { Name = "Envoyer le rapport" }).ClickAsync();
        Assert.Contains("Rapport intermédiaire envoyé — La fréquentation est en partie 2.", await page.Locator(".history").InnerTextAsync());

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<GrantService>().ApproveReportAsync(grantId, reportId, Actor.System);
        await page.ReloadAsync();
        Assert.Equal(["payable", "payable", "en attente"], await page.Locator(".grant table tbody td:nth-child(5) .tag").AllInnerTextsAsync());
        await page.AssertNoHorizontalOverflowAsync($"grant-active-{width}");
        await page.AuditAsync($"grant-active-{width}");
    }

    /// <summary>A selected dossier of Léa's organisation whose grant is opened by the DossierSelected stimulus and awaits signature.</summary>
    private static async Task<Guid> AwaitingGrantAsync(CallManagerApp app, AppUser lea)
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
        return (await GrantDriver.GrantRowAsync(app, application.Id)).Id;
    }

    private static async Task<Guid> ApplicationOfAsync(CallManagerApp app, Guid grantId)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<Grant>().Single(g => g.Id == grantId).ApplicationId;
    }
}
