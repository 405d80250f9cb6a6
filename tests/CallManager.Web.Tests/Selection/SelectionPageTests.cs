using CallManager.Web.Tests.Browser;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Selection;

[Collection(BrowserCollection.Name)]
public class SelectionPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_administrator_reads_the_ranking_with_its_disputed_dossier_applies_the_proposal_and_publishes_after_confirming_the_letters()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var callId = await SeedAsync(app);
        var page = await browser.OpenAsync(app);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Adresse e-mail").FillAsync("admin@funder.example");
        await page.GetByLabel("Mot de passe").FillAsync(ApiClientExtensions.Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.Locator(".account-tools__name").WaitForAsync();

        await page.GotoAsync($"/Admin/Calls/{callId}/Selection");
        Assert.Equal(["SEL-0002", "SEL-0001", "SEL-0003"], (await page.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync()).Select(t => t[..8]));
        Assert.Equal(1, await page.Locator("tbody .tag", new() { HasText = "Désaccord" }).CountAsync());
        // The board applies the solver's proposal in one action; publication is its own page since the board (intended change).
        await page.GetByRole(AriaRole.Button, new() { Name = "Appliquer la proposition" }).ClickAsync();
        Assert.Equal("Une proposition est enregistrée : rien n'est publié.", Spaces(await page.Locator(".notice--success").InnerTextAsync()));
        Assert.Equal("160 000 € retenus sur une enveloppe de 200 000 € (reste 40 000 €)", Spaces(await page.Locator("#budget-text").InnerTextAsync()));
        await page.AuditAsync("admin-selection");

        await page.GotoAsync($"/Admin/Calls/{callId}/Publication");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier 3 décisions et envoyer 3 courriers" }).ClickAsync();
        Assert.Equal("Publication faite : 3 décisions publiées, 3 courriers envoyés.", await page.Locator("#publication-done p").First.InnerTextAsync());
        await app.Smtp.WaitForAsync(3, TimeSpan.FromSeconds(15));
    }

    private static string Spaces(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    /// <summary>Three admissible dossiers of 80 000 € under a 200 000 € envelope, one reviewed with disagreement.</summary>
    private static async Task<Guid> SeedAsync(BrowserApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var call = new Call { Code = "SEL", TitleFr = "Sélection", TitleEn = "Selection", Budget = 200_000, MaxGrant = 100_000, Criteria = PtceCall.Criteria,
            Threshold = 50, TieBreakOrder = ["territorial-anchoring"], Status = CallStatus.Published };
        db.Add(call);
        var reviewers = new[] { "r-a", "r-b" }.Select(id => new AppUser { Id = id, UserName = id + "@jury.example", Email = id + "@jury.example" }).ToList();
        db.AddRange(reviewers);
        var scores = new[] { (3m, 4m), (5m, 4m), (2m, 5m) };
        for (var i = 0; i < 3; i++)
        {
            var member = new AppUser { UserName = $"lead{i}@asso.example", Email = $"lead{i}@asso.example", PreferredLanguage = i == 0 ? "en" : "fr" };
            var organisation = new Organisation { Name = $"O{i}", Siren = $"00000000{i}", LegalForm = "Association", Region = "Bretagne" };
            var application = new Application { CallId = call.Id, Reference = $"SEL-{i + 1:0000}", LeadOrganisationId = organisation.Id, Title = $"Projet {i + 1}",
                RequestedAmount = 80_000, Status = ApplicationStatus.Admissible };
            db.AddRange(member, organisation, application, new OrganisationMember { OrganisationId = organisation.Id, UserId = member.Id });
            foreach (var (reviewer, score) in new[] { (reviewers[0], scores[i].Item1), (reviewers[1], scores[i].Item2) })
                db.Add(new Review { CallId = call.Id, ApplicationId = application.Id, ReviewerId = reviewer.Id, Status = ReviewStatus.Submitted, Confidence = 2,
                    Scores = PtceCall.Criteria.Select(c => new CriterionScore(c.Key, score, null)).ToList() });
        }
        await db.SaveChangesAsync();
        return call.Id;
    }
}
