using CallManager.Web.Tests.Selection;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Calibration;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Selection.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static CallManager.Web.Tests.Selection.SelectionDriver;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>The applicant's decision letter and complaint pages, and the administrator's complaint resolution, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class DecisionPagesTests(BrowserFixture browser)
{
    private const string Reason = "Le budget est épuisé par des projets mieux classés.";
    private static readonly DateTimeOffset WindowEnd = Deliberation.AddDays(30);

    [Fact]
    public async Task The_letter_shows_only_once_published_a_complaint_is_filed_and_the_decision_changed_by_an_administrator_shows_to_the_applicant()
    {
        await using var app = await BrowserApp.StartAsync();
        var d = await DecidedAsync(app, 3, publish: false);
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, Applicant(1));

        await page.GotoAsync($"/Applicant/Dossiers/{d.Dossiers[1]}/decision");
        Assert.Equal("Aucune décision n'a encore été publiée pour ce dossier. Vous recevrez un courrier dès qu'elle le sera.",
            await page.Locator("#no-decision p").First.InnerTextAsync());
        Assert.DoesNotContain("budget est épuisé", await page.Locator("main").InnerTextAsync());
        await page.AuditAsync("applicant-decision-pending");
        await PublishAsync(app, d);

        await page.GotoAsync("/Applicant");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Courrier de décision {Reference(1)}" }).ClickAsync();
        Assert.Equal($"Décision sur votre projet — {Reference(1)} — Appel à projets PTCE 2027 — pôles territoriaux de coopération économique",
            await page.Locator("#letter-title").InnerTextAsync());
        // The letter's words once, as in its PDF: outcome and reason; the scores and the complaint route follow in their own sections.
        var letter = await page.Locator(".panel .letter-body").InnerTextAsync();
        Assert.StartsWith("Votre projet n'est pas retenu.", letter);
        Assert.Contains($"Motif\u00a0: {Reason}", letter);
        Assert.DoesNotContain("Mutualisation", letter);
        Assert.DoesNotContain("--", letter);
        Assert.Contains("19 juin 2027 à 10:00 (Europe/Paris)", await page.Locator("#complaint-title + p").InnerTextAsync());
        Assert.Equal(["Mutualisation des ressources", "Ancrage territorial et impact", "Innovation sociale", "Viabilité économique et autofinancement",
            "Gouvernance coopérative", "Emplois créés"], await page.Locator(".evaluation-summary tbody th").AllInnerTextsAsync());
        Assert.Equal("3 / 5", await page.Locator(".evaluation-summary tbody td").First.InnerTextAsync());
        Assert.Equal(["Mutualisation des ressources : Mutualisation: Partenariat encore fragile.", "Partenariat encore fragile."],
            await page.Locator(".reviewer-comments li").AllInnerTextsAsync());
        await page.AuditAsync("applicant-decision-letter");

        app.Clock.Advance(TimeSpan.FromHours(1));
        await page.GetByRole(AriaRole.Link, new() { Name = "Déposer une réclamation" }).ClickAsync();
        Assert.Equal($"Réclamation sur le dossier {Reference(1)}", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("19 juin 2027 à 10:00 (Europe/Paris)", await page.Locator("main time").First.InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la réclamation" }).ClickAsync();
        Assert.Equal(["Rédigez votre réclamation."], await page.Locator(".error-summary li").AllInnerTextsAsync());
        await page.AuditAsync("applicant-complaint-form");
        await page.GetByLabel("Texte de la réclamation").FillAsync("Le second évaluateur n'a pas lu l'annexe budgétaire.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la réclamation" }).ClickAsync();
        Assert.Equal("Votre réclamation est enregistrée ; un accusé de réception vous est envoyé par courriel.", await page.Locator(".notice").InnerTextAsync());
        Assert.Equal("Ouverte", await page.Locator("#complaint-status").InnerTextAsync());
        await page.AuditAsync("applicant-complaint-receipt");

        app.Clock.Advance(TimeSpan.FromHours(1));
        await UpholdWithNewDecisionAsync(app, d);

        await page.GotoAsync($"/Applicant/Dossiers/{d.Dossiers[1]}/decision");
        Assert.StartsWith($"Votre projet est retenu — {Reference(1)}", await page.Locator("#letter-title").InnerTextAsync());
        Assert.Equal("Retenu", await page.Locator(".facts .tag").InnerTextAsync());
        Assert.Contains("Acceptée", await page.Locator("#complaint-title + p").InnerTextAsync());
        await page.GotoAsync("/Applicant");
        var history = page.Locator(".panel", new() { HasText = Reference(1) }).Locator(".history__list li");
        Assert.Equal(["20 mai 2027 à 10:00 (Europe/Paris) — Décision publiée : Non retenu", "20 mai 2027 à 11:00 (Europe/Paris) — Réclamation déposée",
            "20 mai 2027 à 12:00 (Europe/Paris) — Décision modifiée après réclamation : Retenu", "20 mai 2027 à 12:00 (Europe/Paris) — Réclamation acceptée",
            "20 mai 2027 à 12:00 (Europe/Paris) — Espace subvention ouvert"], (await history.AllInnerTextsAsync()).TakeLast(5));
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = $"Mes subventions {Reference(1)}" }).CountAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = $"Réclamation (Acceptée) {Reference(1)}" }).CountAsync());
        await page.AuditAsync("applicant-dossiers-history");
    }

    [Fact]
    public async Task A_complaint_sent_one_second_after_the_window_is_refused_and_the_form_gives_way_to_a_clear_message()
    {
        await using var app = await BrowserApp.StartAsync();
        var d = await DecidedAsync(app, 2, publish: true);
        app.Clock.SetUtcNow(WindowEnd.AddHours(-1));
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, Applicant(1));

        await page.GotoAsync($"/Applicant/Dossiers/{d.Dossiers[1]}/complaint");
        Assert.Equal(1, await page.Locator(".countdown").CountAsync());
        await page.GetByLabel("Texte de la réclamation").FillAsync("Notre projet mérite un nouvel examen.");
        app.Clock.SetUtcNow(WindowEnd.AddSeconds(1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la réclamation" }).ClickAsync();

        Assert.Equal(["Le délai de réclamation a pris fin le 19 juin 2027 à 10:00 (Europe/Paris)."], await page.Locator(".error-summary li").AllInnerTextsAsync());
        Assert.Equal("Le délai de réclamation a pris fin le 19 juin 2027 à 10:00 (Europe/Paris) : il n'est plus possible de déposer une réclamation.",
            await page.Locator("#complaint-closed").InnerTextAsync());
        Assert.Equal(0, await page.Locator("textarea").CountAsync());
        await page.AuditAsync("applicant-complaint-closed");
        using var scope = app.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<Complaint>().CountAsync());
    }

    [Fact]
    public async Task The_letter_page_keeps_the_published_figures_when_a_later_snapshot_scores_the_dossier_differently()
    {
        await using var app = await BrowserApp.StartAsync();
        var d = await DecidedAsync(app, 2, publish: true);
        using (var scope = app.Services.CreateScope())
        {
            // A reviewer's scores corrected after publication, then a new snapshot frozen: dossier 1's means are now 2 in the latest ranking.
            var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
            var review = await db.Set<Review>().SingleAsync(r => r.ApplicationId == d.Dossiers[1] && r.ReviewerId == d.Reviewers[1]);
            review.Scores = review.Scores.Select(s => s with { Score = 1 }).ToList();
            await db.SaveChangesAsync();
            var latest = await scope.ServiceProvider.GetRequiredService<RankingService>().FreezeAsync(d.CallId, RankingBasis.Raw, Actor.System);
            Assert.Equal(2m, latest.Ranking.Dossiers.Single(r => r.ApplicationId == d.Dossiers[1]).Means[0].Mean);
        }
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, Applicant(1));

        await page.GotoAsync($"/Applicant/Dossiers/{d.Dossiers[1]}/decision");
        Assert.Equal(Enumerable.Repeat("3 / 5", 6), await page.Locator(".evaluation-summary tbody td").AllInnerTextsAsync());
        Assert.DoesNotContain("3,00", await page.Locator(".panel .letter-body").InnerTextAsync()); // the scores once, in the summary
    }

    /// <summary>The administrator upholds the open complaint on dossier 1 and changes its decision to a 40 000 € selection.</summary>
    private async Task UpholdWithNewDecisionAsync(BrowserApp app, SelectionDriver d)
    {
        var admin = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(admin, Admin);
        await admin.GotoAsync($"/Admin/Calls/{d.CallId}/Complaints");
        var form = admin.Locator("form", new() { Has = admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la décision" }) });
        await form.GetByLabel("Accepter", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("Modifier la décision").CheckAsync();
        await form.GetByLabel("Nouvelle issue").SelectOptionAsync("Selected");
        await form.GetByLabel("Montant").FillAsync("40000");
        await form.GetByLabel("Motif (envoyé au porteur)").FillAsync("L'annexe budgétaire n'avait pas été lue.");
        await admin.AuditAsync("admin-complaints-change");
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la décision" }).ClickAsync();
        Assert.Equal("La décision est enregistrée et le porteur est prévenu.", await admin.Locator(".notice").InnerTextAsync());
        Assert.Equal("Acceptée", await admin.Locator("main h2 .tag").First.InnerTextAsync());
    }

    /// <summary>
    /// <paramref name="count"/> admissible dossiers reviewed by two jury members (dossier 1 scored 3 with a comment), the clock at
    /// deliberation, and decisions staged: dossier 0 selected, dossier 1 rejected, dossier 2 on the reserve list; published when asked.
    /// </summary>
    private static async Task<SelectionDriver> DecidedAsync(BrowserApp app, int count, bool publish)
    {
        var d = new SelectionDriver(app);
        await d.PrepareAsync(count);
        await d.AddJuryAsync(2);
        for (var i = 0; i < count; i++)
        {
            await d.ReviewAsync(0, i, 4 - i, comment: i == 1 ? "Partenariat encore fragile." : null);
            await d.ReviewAsync(1, i, 4 - i);
        }
        app.Clock.SetUtcNow(Deliberation);
        using var scope = app.Services.CreateScope();
        var decisions = scope.ServiceProvider.GetRequiredService<DecisionService>();
        await decisions.StageAsync(d.Dossiers[0], new DecisionInput(DecisionOutcome.Selected, 80_000m), Actor.System);
        await decisions.StageAsync(d.Dossiers[1], new DecisionInput(DecisionOutcome.Rejected, Reason: Reason), Actor.System);
        if (count > 2) await decisions.StageAsync(d.Dossiers[2], new DecisionInput(DecisionOutcome.Reserve, ReserveRank: 1), Actor.System);
        if (publish) await PublishAsync(app, d);
        return d;
    }

    private static async Task PublishAsync(BrowserApp app, SelectionDriver d)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DecisionService>().PublishAsync(d.CallId, Actor.System);
    }
}
