using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class JuryJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_reviewer_confirms_the_declaration_then_scores_and_submits_a_review()
    {
        await using var app = await BrowserApp.StartAsync();
        var call = await app.PublishedCallAsync();
        var reviewer = await app.CreateUserAsync("jury@expert.example", Roles.Reviewer);
        await SeedAssignmentAsync(app, call.Id, reviewer.Id);
        var page = await browser.OpenAsync(app);

        await page.GotoAsync("/Account/Login?returnUrl=%2FJury");
        await page.GetByLabel("Adresse e-mail").FillAsync("jury@expert.example");
        await page.GetByLabel("Mot de passe").FillAsync(ApiClientExtensions.Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        Assert.Equal("Mes jurys", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "PTCE-2027-0001 — Atelier partagé" }).CountAsync());
        await page.AuditAsync("jury-unconfirmed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer ma déclaration" }).ClickAsync();
        Assert.Equal("Déclaration confirmée", await page.Locator(".tag--success").First.InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "PTCE-2027-0001 — Atelier partagé" }).ClickAsync();
        Assert.Equal("Évaluation du dossier PTCE-2027-0001", await page.Locator("h1").InnerTextAsync());
        await page.AuditAsync("jury-review-form");

        await page.Locator("label[for=score-mutualisation-4]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Soumettre l'évaluation" }).ClickAsync();
        Assert.Contains("Indiquez votre degré de confiance : 1 (faible), 2 (moyen) ou 3 (élevé).", await page.Locator(".error-summary").InnerTextAsync());
        await page.Locator("label[for=score-ancrage-3]").ClickAsync();
        await page.Locator("label[for=confidence-2]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Soumettre l'évaluation" }).ClickAsync();
        Assert.Equal("Soumise", await page.Locator("main .tag").First.InnerTextAsync());
    }

    /// <summary>An admissible dossier of the call and the reviewer on its jury (declaration not confirmed), assigned to it.</summary>
    private static async Task SeedAssignmentAsync(CallManagerApp app, Guid callId, string reviewerId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var organisation = new Organisation { Name = "Coopérative des Monts", Siren = "732829320", LegalForm = "SCIC" };
        var dossier = new Application
        {
            CallId = callId, Reference = "PTCE-2027-0001", LeadOrganisationId = organisation.Id, Status = ApplicationStatus.Admissible, Title = "Atelier partagé",
            Answers = new() { ["title"] = "Atelier partagé", ["summary"] = "Une recyclerie mutualisée.", ["requestedAmount"] = 45000 },
        };
        db.AddRange(organisation, dossier,
            new JuryMember { CallId = callId, UserId = reviewerId, InvitedBy = "system" },
            new Review { CallId = callId, ApplicationId = dossier.Id, ReviewerId = reviewerId, AssignedBy = "system" });
        await db.SaveChangesAsync();
    }
}
