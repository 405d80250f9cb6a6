using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>
/// Issue 6's reviewer journey: invited through the administrators' jury page and assigned automatically, the reviewer follows
/// the mailed link, chooses a password, sees no dossier until the declaration is confirmed, declares a conflict (that dossier
/// never shows), confirms, then scores and submits the review left.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ReviewerJourneyTests(BrowserFixture browser)
{
    private const string Expert = "expert@jury.example";

    [Fact]
    public async Task An_invited_reviewer_follows_the_mail_sees_no_dossier_before_declaring_then_submits_the_review_of_the_dossier_left()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var call = await AnchoredCallAsync(app);
        await SeedAdmissibleDossiersAsync(app, call.Id);
        var admin = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(admin, "admin@funder.example");

        await admin.GotoAsync($"/Admin/Calls/{call.Id}/Jury");
        await admin.GetByLabel("Adresse e-mail").FillAsync(Expert);
        await admin.GetByLabel("Thèmes d'expertise").FillAsync("économie circulaire");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Inviter un évaluateur" }).ClickAsync();
        Assert.Equal("L'invitation est envoyée.", await admin.Locator(".notice").InnerTextAsync());
        var invitation = await app.LinkFromMailAsync(Expert, "/Account/SetPassword");

        await admin.Locator(".button-row").GetByRole(AriaRole.Link, new() { Name = "Affectations" }).ClickAsync();
        await admin.GetByLabel("Évaluateurs par dossier").FillAsync("1");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lancer l'affectation automatique" }).ClickAsync();
        Assert.Equal("Résultat : 2 affectations créées, 0 conservées, 0 remplacées pour 2 dossiers.", await admin.Locator("#result-title").InnerTextAsync());
        var monts = await ReviewIdAsync(app, call.Id, "PTCE-2027-0001");

        var reviewer = await browser.OpenAsync(app);
        await reviewer.GotoAsync(invitation);
        Assert.Equal("Choisissez votre mot de passe", await reviewer.Locator("h1").InnerTextAsync());
        await reviewer.AuditAsync("reviewer-set-password");
        await reviewer.GetByLabel("Nouveau mot de passe").FillAsync("Jury-Expert-2027");
        await reviewer.GetByLabel("Confirmez le mot de passe").FillAsync("Jury-Expert-2027");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et me connecter" }).ClickAsync();

        // Two dossiers are assigned, yet none shows before the declaration is confirmed: not in the list, not by its address.
        Assert.Equal("Mes jurys", await reviewer.Locator("h1").InnerTextAsync());
        Assert.Contains("0 évaluation soumise sur 2", await reviewer.Locator("main section p").First.InnerTextAsync());
        Assert.Equal(0, await reviewer.Locator(".dossier-list").CountAsync());
        Assert.DoesNotContain("PTCE-2027-000", await reviewer.Locator("main").InnerTextAsync());
        await reviewer.AuditAsync("reviewer-declaration");
        Assert.Equal(403, (await reviewer.GotoAsync($"/Jury/Review/{monts}"))!.Status);
        Assert.DoesNotContain("Atelier partagé", await reviewer.Locator("main").InnerTextAsync());

        await reviewer.GotoAsync("/Jury");
        await reviewer.GetByLabel("Structure").SelectOptionAsync(new SelectOptionValue { Label = "Coopérative des Monts" });
        await reviewer.GetByLabel("Nature du lien").SelectOptionAsync(new SelectOptionValue { Label = "membre du conseil d'administration" });
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Déclarer ce conflit" }).ClickAsync();
        Assert.Equal("Coopérative des Monts · membre du conseil d'administration", await reviewer.Locator("main section li").First.InnerTextAsync());
        Assert.Contains("0 évaluation soumise sur 1", await reviewer.Locator("main section p").First.InnerTextAsync());
        Assert.Equal(0, await reviewer.Locator(".dossier-list").CountAsync());
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Confirmer ma déclaration" }).ClickAsync();
        Assert.Equal("Déclaration confirmée", await reviewer.Locator(".tag--success").First.InnerTextAsync());

        Assert.Equal(["PTCE-2027-0002 — Cuisine collective"], await reviewer.Locator(".dossier-list a").AllInnerTextsAsync());
        Assert.DoesNotContain("Atelier partagé", await reviewer.Locator("main").InnerTextAsync());
        await reviewer.AuditAsync("reviewer-assigned");
        await ReviewAsync(reviewer);

        await reviewer.GetByRole(AriaRole.Link, new() { Name = "Retour à mes jurys" }).ClickAsync();
        Assert.Contains("1 évaluation soumise sur 1", await reviewer.Locator("main section p").First.InnerTextAsync());
        Assert.Equal("Soumise", await reviewer.Locator(".dossier-list .tag").InnerTextAsync());
        Assert.DoesNotContain("PTCE-2027-0001", await reviewer.Locator("main").InnerTextAsync());
        await reviewer.AuditAsync("reviewer-progress");
        Assert.Equal(404, (await reviewer.GotoAsync($"/Jury/Review/{monts}"))!.Status); // the conflict removed the draft
    }

    /// <summary>On the review form: each criterion's anchored scale, comments and confidence; save the draft, then submit.</summary>
    private static async Task ReviewAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "PTCE-2027-0002 — Cuisine collective" }).ClickAsync();
        Assert.Equal("Évaluation du dossier PTCE-2027-0002", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(["0 Absent", "1", "2", "3 Solide", "4", "5 Exemplaire"],
            (await page.Locator("fieldset[data-criterion]").First.Locator(".scale__step").AllInnerTextsAsync()).Select(o => string.Join(' ', o.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal("Solide", await page.Locator("label[for=score-ancrage-3] .scale__anchor").InnerTextAsync());
        await page.AuditAsync("reviewer-form");

        await page.Locator("label[for=score-mutualisation-4]").ClickAsync();
        await page.Locator("#comment-mutualisation").FillAsync("Trois structures partagent la cuisine.");
        await page.Locator("label[for=score-ancrage-5]").ClickAsync();
        await page.Locator("#comment-ancrage").FillAsync("Fournisseurs du canton.");
        await page.GetByLabel("Commentaire général").FillAsync("Projet solide et bien ancré.");
        await page.GetByLabel("3 — élevé").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
        Assert.Equal("Brouillon", await page.Locator("main .tag").First.InnerTextAsync());
        Assert.True(await page.Locator("#score-mutualisation-4").IsCheckedAsync());
        Assert.Equal("Fournisseurs du canton.", await page.Locator("#comment-ancrage").InputValueAsync());
        Assert.True(await page.Locator("#confidence-3").IsCheckedAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Soumettre l'évaluation" }).ClickAsync();
        Assert.Equal("Soumise", await page.Locator("main .tag").First.InnerTextAsync());
        Assert.True(await page.Locator("#score-ancrage-5").IsCheckedAsync());
        Assert.Equal("Projet solide et bien ancré.", await page.GetByLabel("Commentaire général").InputValueAsync());
        await page.AuditAsync("reviewer-submitted");
    }

    /// <summary>The id of the review of dossier <paramref name="reference"/>.</summary>
    private static async Task<Guid> ReviewIdAsync(CallManagerApp app, Guid callId, string reference)
    {
        using var scope = app.Services.CreateScope();
        var assignments = await scope.ServiceProvider.GetRequiredService<AssignmentService>().ListAsync(callId, Actor.System);
        return assignments.Single(a => a.Reference == reference).ReviewId;
    }

    /// <summary>The scenario's PTCE call with anchors on each criterion's 0–5 scale, published.</summary>
    private static async Task<Call> AnchoredCallAsync(CallManagerApp app)
    {
        var draft = await app.DraftCallAsync();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var call = await db.Set<Call>().SingleAsync(c => c.Id == draft.Id);
        List<ScaleAnchor> anchors = [new(0, "Absent", "Missing"), new(3, "Solide", "Sound"), new(5, "Exemplaire", "Exemplary")];
        call.Criteria = call.Criteria.Select(c => c with { Anchors = anchors }).ToList();
        await db.SaveChangesAsync();
        return await scope.ServiceProvider.GetRequiredService<CallService>().PublishAsync(call.Id, Actor.System);
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
