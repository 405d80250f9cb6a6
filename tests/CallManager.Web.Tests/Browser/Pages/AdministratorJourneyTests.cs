using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Lifecycle;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>
/// Issue 6's administrator journey in the browser: create and publish a call in the editor, invite the jury and assign
/// automatically, stage decisions against the budget bar, publish them on the publication page after reading the letters, and find
/// one sent letter per dossier in the outbox. Applicants and reviewers act through the API; the fake clock crosses the deadlines.
/// </summary>
[Collection(BrowserCollection.Name)]
public partial class AdministratorJourneyTests(BrowserFixture browser)
{
    private const string Admin = "admin@funder.example";
    private static readonly string[] Applicants = ["lea@asso.example", "marc@coop.example"];
    private static readonly string[] Reviewers = ["anne@jury.example", "paul@jury.example"];

    [Fact]
    public async Task An_administrator_runs_a_call_from_the_editor_to_the_decision_letters_in_the_outbox()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync(Admin, Roles.Administrator);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, Admin);
        var call = await CreateAndPublishAsync(page, app);

        var clock = new LifecycleDriver(app);
        await clock.MoveClockAsync(call.OpensAt.AddHours(1));
        var dossiers = new List<Guid>();
        for (var i = 0; i < Applicants.Length; i++) dossiers.Add(await SubmitDossierAsync(app, call.Id, i));
        await clock.MoveClockAsync(call.SubmissionDeadline.AddDays(1));
        var admin = await app.LoginAsync(Admin);
        foreach (var id in dossiers)
            await Expect(await admin.PostAsJsonAsync($"/api/applications/{id}/admissibility", new { decision = "Admissible", reason = "Dossier complet." }), HttpStatusCode.OK);

        await AdminSession.SignInAsync(page, Admin); // the session started a month earlier on the fake clock
        await JuryAndAssignmentAsync(page, app, call.Id);
        await page.GotoAsync($"/Admin/Calls/{call.Id}/Selection"); // an early look freezes a ranking with no review in it
        Assert.StartsWith("Classement figé n° 1 (base notes brutes)", await page.Locator("main p.muted").First.InnerTextAsync());
        await ReviewAllAsync(app, call.Id);
        await clock.MoveClockAsync(call.DeliberationAt.AddHours(1));

        await AdminSession.SignInAsync(page, Admin);
        await SelectionAsync(page, call.Id);
        await Reviews.Outbox.WaitUntilDeliveredAsync(app);
        await OutboxAsync(page);
    }

    /// <summary>The call editor: code, titles, budget, two weighted criteria (one with anchors), a form of two fields; then publish.</summary>
    private static async Task<Call> CreateAndPublishAsync(IPage page, CallManagerApp app)
    {
        await page.GotoAsync("/Admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouvel appel" }).ClickAsync();
        await page.GetByLabel("Code court").FillAsync("ESS-2027");
        await page.GetByLabel("Titre (français)").First.FillAsync("Économie sociale 2027");
        await page.GetByLabel("Enveloppe (€)").FillAsync("100000");
        await page.GetByLabel("Subvention maximale par projet (€)").FillAsync("80000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le brouillon" }).ClickAsync();
        Assert.Equal("L'étape est enregistrée.", await page.Locator(".notice--success").InnerTextAsync());

        await page.Locator(".steps-nav").GetByRole(AriaRole.Link, new() { Name = "Critères et notation" }).ClickAsync();
        var impact = page.Locator("#criterion-0");
        await impact.GetByLabel("Clé").FillAsync("impact");
        await impact.GetByLabel("Libellé (français)").First.FillAsync("Impact social");
        await impact.GetByLabel("Poids (%)").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un repère — Critère 1" }).ClickAsync();
        await page.Locator("#anchor-0-0").GetByLabel("Note").FillAsync("0");
        await page.Locator("#anchor-0-0").GetByLabel("Libellé (français)").FillAsync("Absent");
        await page.Locator("#anchor-0-0").GetByLabel("Libellé (anglais)").FillAsync("Missing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un repère — Critère 1" }).ClickAsync();
        await page.Locator("#anchor-0-1").GetByLabel("Note").FillAsync("5");
        await page.Locator("#anchor-0-1").GetByLabel("Libellé (français)").FillAsync("Exemplaire");
        await page.Locator("#anchor-0-1").GetByLabel("Libellé (anglais)").FillAsync("Exemplary");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un critère" }).ClickAsync();
        var anchoring = page.Locator("#criterion-1");
        await anchoring.GetByLabel("Clé").FillAsync("ancrage");
        await anchoring.GetByLabel("Libellé (français)").First.FillAsync("Ancrage territorial");
        await anchoring.GetByLabel("Poids (%)").FillAsync("40");
        await page.AuditAsync("journey-admin-call-editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette étape" }).ClickAsync();
        Assert.Equal("L'étape est enregistrée.", await page.Locator(".notice--success").InnerTextAsync());

        await page.Locator(".steps-nav").GetByRole(AriaRole.Link, new() { Name = "Formulaire du dossier" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une section" }).ClickAsync();
        var section = page.Locator("#section-0");
        await section.GetByLabel("Clé").First.FillAsync("projet");
        await section.GetByLabel("Titre (français)").FillAsync("Le projet");
        await page.Locator("#field-0-0").GetByLabel("Clé").FillAsync("title");
        await page.Locator("#field-0-0").GetByLabel("Libellé (français)").FillAsync("Titre du projet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un champ — Section 1" }).ClickAsync();
        await page.Locator("#field-0-1").GetByLabel("Clé").FillAsync("requestedAmount");
        await page.Locator("#field-0-1").GetByLabel("Libellé (français)").FillAsync("Montant demandé");
        await page.Locator("#field-0-1").GetByLabel("Type").SelectOptionAsync("Amount");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette étape" }).ClickAsync();
        Assert.Equal("L'étape est enregistrée.", await page.Locator(".notice--success").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Publier…" }).ClickAsync();
        await page.AuditAsync("journey-admin-publish");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la publication" }).ClickAsync();
        Assert.Equal("L'appel est publié : les porteurs de projet peuvent déposer leurs dossiers.", await page.Locator(".notice").InnerTextAsync());
        using var scope = app.Services.CreateScope();
        var call = (await scope.ServiceProvider.GetRequiredService<CallService>().ListAsync(Actor.System)).Single(c => c.Code == "ESS-2027");
        Assert.Equal(CallStatus.Published, call.Status);
        Assert.Equal(["impact", "ancrage"], call.Criteria.Select(c => c.Key));
        return call;
    }

    /// <summary>Applicant <paramref name="i"/> registers an organisation, answers and submits through the API; returns the dossier id.</summary>
    private static async Task<Guid> SubmitDossierAsync(CallManagerApp app, Guid callId, int i)
    {
        var applicant = await app.ClientAsAsync(Applicants[i], Roles.Applicant);
        var organisation = await CreateOrganisationAsync(applicant, i + 1);
        var dossier = await CreateDraftAsync(applicant, callId, organisation);
        var answers = new { answers = new { title = i == 0 ? "Atelier partagé" : "Cuisine collective", requestedAmount = i == 0 ? 60000 : 50000 } };
        await Expect(await applicant.PutAsJsonAsync($"/api/applications/{dossier}/answers", answers), HttpStatusCode.OK);
        await Expect(await applicant.PostAsync($"/api/applications/{dossier}/submit", null), HttpStatusCode.OK);
        return dossier;
    }

    /// <summary>The jury page invites the two reviewers; the assignments page gives each dossier both of them.</summary>
    private static async Task JuryAndAssignmentAsync(IPage page, CallManagerApp app, Guid callId)
    {
        foreach (var reviewer in Reviewers) await app.CreateUserAsync(reviewer, Roles.Reviewer);
        await page.GotoAsync($"/Admin/Calls/{callId}");
        await page.Locator(".button-row").GetByRole(AriaRole.Link, new() { Name = "Jury" }).ClickAsync();
        foreach (var reviewer in Reviewers)
        {
            await page.GetByLabel("Adresse e-mail").FillAsync(reviewer);
            await page.GetByRole(AriaRole.Button, new() { Name = "Inviter un évaluateur" }).ClickAsync();
            Assert.Equal("L'invitation est envoyée.", await page.Locator(".notice").InnerTextAsync());
        }
        Assert.Equal(Reviewers, await page.Locator("main table").First.Locator("tbody tr td:first-child").AllInnerTextsAsync());
        await page.AuditAsync("journey-admin-jury");

        await page.Locator(".button-row").GetByRole(AriaRole.Link, new() { Name = "Affectations" }).ClickAsync();
        await page.GetByLabel("Évaluateurs par dossier").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'affectation automatique" }).ClickAsync();
        Assert.Equal("Résultat : 4 affectations créées, 0 conservées, 0 remplacées pour 2 dossiers.", await page.Locator("#result-title").InnerTextAsync());
        Assert.Equal(0, await page.Locator("table.unfilled").CountAsync());
        await page.AuditAsync("journey-admin-assignments");
    }

    /// <summary>Both reviewers confirm their declaration, then score and submit every review: the first dossier 5s, the second 2s.</summary>
    private static async Task ReviewAllAsync(CallManagerApp app, Guid callId)
    {
        using var scope = app.Services.CreateScope();
        var assignments = await scope.ServiceProvider.GetRequiredService<CallManager.Domain.Reviews.AssignmentService>()
            .ListAsync(callId, Actor.System);
        foreach (var email in Reviewers)
        {
            var reviewer = await app.LoginAsync(email);
            await Expect(await reviewer.PostAsync($"/api/calls/{callId}/conflicts/confirm", null), HttpStatusCode.OK);
            foreach (var a in assignments.Where(a => a.ReviewerEmail == email))
            {
                var score = a.Reference.EndsWith("0001", StringComparison.Ordinal) ? 5 : 2;
                var body = new { scores = new[] { new { key = "impact", score }, new { key = "ancrage", score } }, overallComment = "Vu.", confidence = 2 };
                await Expect(await reviewer.PutAsJsonAsync($"/api/reviews/{a.ReviewId}", body), HttpStatusCode.OK);
                await Expect(await reviewer.PostAsync($"/api/reviews/{a.ReviewId}/submit", null), HttpStatusCode.OK);
            }
        }
    }

    /// <summary>The selection page: ranking, staging under the budget bar, then one publication after the list of letters.</summary>
    private static async Task SelectionAsync(IPage page, Guid callId)
    {
        await page.GotoAsync($"/Admin/Calls/{callId}");
        await page.Locator(".button-row").GetByRole(AriaRole.Link, new() { Name = "Sélection" }).ClickAsync();
        Assert.StartsWith("Classement figé n° 1", await page.Locator("main p.muted").First.InnerTextAsync());
        await page.GetByLabel("Base du classement").SelectOptionAsync(new SelectOptionValue { Label = "notes brutes" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Figer un nouveau classement" }).ClickAsync();
        Assert.Equal("Un nouveau classement est figé à partir des évaluations soumises à cet instant.", await page.Locator(".notice--success").InnerTextAsync());
        Assert.StartsWith("Classement figé n° 2 (base notes brutes)", await page.Locator("main p.muted").First.InnerTextAsync());
        Assert.Equal(["100", "40"], (await page.Locator("main table tbody tr td:nth-child(3)").AllInnerTextsAsync()).Select(t => t.Split('\n')[0].Trim()));
        Assert.Equal(["1", "2"], await page.Locator("main table tbody tr td:first-child").AllInnerTextsAsync());
        Assert.StartsWith("ESS-2027-0001", await page.Locator("main table tbody tr td:nth-child(2)").First.InnerTextAsync());
        Assert.Equal("0 € retenus sur une enveloppe de 100 000 € (reste 100 000 €)", Spaces(await page.Locator("label[for=budget-bar]").InnerTextAsync()));
        await page.AuditAsync("journey-admin-selection");

        await page.GetByLabel("Décision ESS-2027-0001").SelectOptionAsync(new SelectOptionValue { Label = "Retenu" });
        await page.GetByLabel("Montant ESS-2027-0001").FillAsync("60000");
        await page.GetByLabel("Décision ESS-2027-0002").SelectOptionAsync(new SelectOptionValue { Label = "Non retenu" });
        await page.GetByLabel("Motif ESS-2027-0002").FillAsync("Classé sous les projets financés.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les décisions" }).ClickAsync();
        Assert.Equal("Les décisions sont enregistrées (non publiées).", await page.Locator(".notice--success").InnerTextAsync());
        Assert.Equal("60 000 € retenus sur une enveloppe de 100 000 € (reste 40 000 €)", Spaces(await page.Locator("label[for=budget-bar]").InnerTextAsync()));
        Assert.Equal(60000, await page.Locator("#budget-bar").EvaluateAsync<double>("meter => meter.value"));

        // Publication is its own page: the letters as they will be sent, then one confirmed step.
        await page.GetByRole(AriaRole.Link, new() { Name = "Préparer la publication" }).ClickAsync();
        Assert.Equal(["ESS-2027-0001", "ESS-2027-0002"], await page.Locator(".letter-preview summary strong").AllInnerTextsAsync());
        Assert.Contains("lea@asso.example (fr)", await page.Locator("#letter-ESS-2027-0001 summary").InnerTextAsync());
        Assert.Contains("marc@coop.example (fr)", await page.Locator("#letter-ESS-2027-0002 summary").InnerTextAsync());
        Assert.DoesNotContain("decision-selected", await page.Locator("main").InnerTextAsync());
        await page.AuditAsync("journey-admin-publish-decisions");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier 2 décisions et envoyer 2 courriers" }).ClickAsync();
        Assert.Equal("Publication faite : 2 décisions publiées, 2 courriers envoyés.", await page.Locator("#publication-done p").First.InnerTextAsync());
        await page.GotoAsync($"/Admin/Calls/{callId}/Selection");
        Assert.Equal(["Retenu", "Non retenu"], await page.Locator("main table tbody td:nth-child(8) .tag--success").AllInnerTextsAsync());
    }

    /// <summary>The outbox lists one sent letter per dossier, to the lead organisation's member.</summary>
    private static async Task OutboxAsync(IPage page)
    {
        await page.GotoAsync("/Admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Courriels envoyés" }).ClickAsync();
        var letters = page.Locator("main tbody tr", new() { HasText = "decision-" });
        Assert.Equal(2, await letters.CountAsync());
        foreach (var (email, kind) in new[] { (Applicants[0], "decision-selected"), (Applicants[1], "decision-rejected") })
        {
            var row = letters.Filter(new() { HasText = email });
            Assert.Equal(1, await row.CountAsync());
            Assert.Contains(kind, await row.Locator("td").Nth(2).InnerTextAsync());
            Assert.Equal("Envoyé", await row.Locator(".tag").InnerTextAsync());
        }
        await page.AuditAsync("journey-admin-outbox");
    }

    /// <summary>The text with narrow and non-breaking spaces (French number and currency formatting) as plain spaces.</summary>
    private static string Spaces(string text) => NonBreaking().Replace(text, " ");

    [GeneratedRegex("[\u00a0\u202f]")]
    private static partial Regex NonBreaking();
}
