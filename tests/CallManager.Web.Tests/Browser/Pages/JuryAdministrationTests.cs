using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class JuryAdministrationTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_administrator_invites_a_reviewer_adds_a_locked_conflict_then_runs_automatic_assignment_and_sees_the_loads()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var call = await app.PublishedCallAsync();
        await SeedAdmissibleDossiersAsync(app, call.Id);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync($"/Admin/Calls/{call.Id}");
        await page.Locator(".button-row").GetByRole(AriaRole.Link, new() { Name = "Jury" }).ClickAsync();
        Assert.Equal("Jury – PTCE-2027", await page.Locator("h1").InnerTextAsync());
        await page.GetByLabel("Adresse e-mail").FillAsync("expert@jury.example");
        await page.GetByLabel("Thèmes d'expertise").FillAsync("emploi, économie circulaire");
        await page.GetByLabel("Charge maximale (facultatif)").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inviter un évaluateur" }).ClickAsync();
        Assert.Equal("L'invitation est envoyée.", await page.Locator(".notice").InnerTextAsync());
        Assert.Equal(["expert@jury.example", "emploi, économie circulaire", "À confirmer", "0 / 5", "0", "0"],
            await page.Locator("main table").First.Locator("tbody tr td").AllInnerTextsAsync());
        await page.GetByLabel("Structure").SelectOptionAsync(new SelectOptionValue { Label = "Coopérative des Monts" });
        await page.GetByLabel("Nature du lien").SelectOptionAsync("Employee");
        await page.GetByLabel("Verrouiller (seul un administrateur pourra le retirer)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un conflit" }).ClickAsync();
        Assert.Equal("Le conflit est enregistré.", await page.Locator(".notice").InnerTextAsync());
        Assert.Equal(["expert@jury.example", "Coopérative des Monts", "salarié·e", "", "Verrouillé"],
            // Tables may sit in a scrolling box that site.js adds around them on load.
            await page.Locator("#conflicts-title ~ table tbody tr td, #conflicts-title ~ .table-scroll table tbody tr td").AllInnerTextsAsync());
        await page.AuditAsync("admin-jury");

        await page.Locator(".button-row").GetByRole(AriaRole.Link, new() { Name = "Affectations" }).ClickAsync();
        await page.GetByLabel("Évaluateurs par dossier").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'affectation automatique" }).ClickAsync();
        Assert.Equal("Résultat : 1 affectations créées, 0 conservées, 0 remplacées pour 2 dossiers.", await page.Locator("#result-title").InnerTextAsync());
        Assert.Equal(["expert@jury.example", "1 / 5", "1"], await page.Locator("table.loads tbody tr td").AllInnerTextsAsync());
        Assert.Equal("PTCE-2027-0001", await page.Locator("table.unfilled tbody tr td").First.InnerTextAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Button, new() { Name = "Retirer" }).CountAsync());
        await page.AuditAsync("admin-assignments");

        await page.GotoAsync($"/Admin/Calls/{call.Id}/Complaints");
        Assert.Equal("Aucune réclamation pour cet appel.", await page.Locator(".empty-state").InnerTextAsync());
        await page.AuditAsync("admin-complaints");
    }

    /// <summary>Two admissible dossiers of the call from two organisations.</summary>
    private static async Task SeedAdmissibleDossiersAsync(CallManagerApp app, Guid callId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var monts = new Organisation { Name = "Coopérative des Monts", Siren = "732829320", LegalForm = "SCIC" };
        var vallee = new Organisation { Name = "Recyclerie de la Vallée", Siren = "552100554", LegalForm = "Association" };
        db.AddRange(monts, vallee, Dossier(callId, "PTCE-2027-0001", monts.Id, "Atelier partagé"), Dossier(callId, "PTCE-2027-0002", vallee.Id, "Cuisine collective"));
        await db.SaveChangesAsync();
    }

    private static Application Dossier(Guid callId, string reference, Guid organisationId, string title) => new()
    {
        CallId = callId, Reference = reference, LeadOrganisationId = organisationId, Status = ApplicationStatus.Admissible, Title = title,
        Answers = new() { ["title"] = title, ["summary"] = "Un projet mutualisé.", ["requestedAmount"] = 45000 },
    };
}
