using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CallManager.Domain.Accounts;
using CallManager.Domain.Attachments;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>
/// Issue 19's juror's desk: the dossier read as the applicant wrote it (labels, euros, lists, partners, documents in the page)
/// beside the scoring grid (anchored scales in words, weighted total as the juror scores, autosave with its time, errors in
/// form order, a confirmation on submit), then on to the next dossier — all without leaving the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public partial class JurorDeskTests(BrowserFixture browser)
{
    private const string Juror = "juree@jury.example";

    [Fact]
    public async Task A_juror_reads_the_dossier_scores_it_with_a_live_total_and_autosave_submits_and_goes_on_to_the_next()
    {
        await using var app = await BrowserApp.StartAsync();
        var juror = await app.CreateUserAsync(Juror, Roles.Reviewer);
        var (first, second) = await SeedAsync(app, juror.Id);
        var page = await browser.OpenAsync(app, width: 1366);
        await AdminSession.SignInAsync(page, Juror);

        await page.GotoAsync($"/Jury/Review/{first}");
        Assert.Equal("Évaluation du dossier PTCE-2027-0001", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("Dossier 1 sur 2 · évaluations soumises : 0", await page.Locator("#desk-progress").InnerTextAsync());
        var dossier = page.Locator(".desk__dossier");
        var text = await dossier.InnerTextAsync();
        Assert.DoesNotContain("\\u00", text);
        Assert.DoesNotContain("requestedAmount", text);
        Assert.DoesNotContain("[\"", text);
        Assert.Equal(["Titre du projet", "Résumé", "Montant demandé", "Thèmes", "Date de démarrage", "Budget prévisionnel"],
            await dossier.Locator(".recap__item dt").AllInnerTextsAsync());
        Assert.Equal("Pôle des communs alimentaires", await page.Locator("#answer-title dd").InnerTextAsync());
        Assert.Equal("90 000 €", Spaces(await page.Locator("#answer-requestedAmount dd").InnerTextAsync()));
        Assert.Equal(["alimentation", "réemploi"], await page.Locator("#answer-themes li").AllInnerTextsAsync());
        Assert.Equal("1 septembre 2027", await page.Locator("#answer-startDate dd").InnerTextAsync());
        Assert.Equal("Structure porteuse : Coopérative des Monts", await dossier.Locator(".recap__lead").InnerTextAsync());
        Assert.Contains("Épicerie solidaire du Val", await dossier.Locator(".recap__partners").InnerTextAsync());

        // The budget PDF opens inside the page (framed by our own origin only) and downloads.
        await dossier.GetByText("Afficher dans la page").ClickAsync();
        var frame = dossier.Locator("iframe.recap__frame");
        Assert.Equal("budget-previsionnel.pdf", await frame.GetAttributeAsync("title"));
        var inline = await page.Context.APIRequest.GetAsync(app.BaseUrl + await frame.GetAttributeAsync("src"));
        Assert.Equal(("application/pdf", "SAMEORIGIN"), (inline.Headers["content-type"], inline.Headers["x-frame-options"]));
        Assert.StartsWith("inline", inline.Headers["content-disposition"]);
        var download = await page.RunAndWaitForDownloadAsync(() => dossier.GetByRole(AriaRole.Link, new() { Name = "Télécharger budget-previsionnel.pdf" }).ClickAsync());
        Assert.Equal("budget-previsionnel.pdf", download.SuggestedFilename);

        // Each step of the scale says what it means; the weighted total follows the scores and the draft saves itself.
        Assert.Equal(["0 Absent", "1", "2", "3 Solide", "4", "5 Exemplaire"],
            (await page.Locator("fieldset[data-criterion]").First.Locator(".scale__step").AllInnerTextsAsync()).Select(Collapse));
        Assert.Equal("0", await page.Locator("#weighted-total").InnerTextAsync());
        await page.Locator("label[for=score-mutualisation-4]").ClickAsync();
        Assert.Equal("48", await page.Locator("#weighted-total").InnerTextAsync());
        await page.Locator("label[for=score-ancrage-3]").ClickAsync();
        Assert.Equal("72", await page.Locator("#weighted-total").InnerTextAsync());
        await Assertions.Expect(page.Locator("#autosave-status")).ToHaveTextAsync("Brouillon enregistré à 10:00");
        Assert.Equal(new decimal?[] { 4, 3 }, (await ReviewAsync(app, first)).Scores.Select(s => s.Score));
        Assert.Equal(3, await page.Locator(".desk__grid .required", new() { HasText = "(obligatoire)" }).CountAsync()); // two comments and the confidence
        await page.AuditAsync("desk-scoring-1366");

        // Submitting too early lists what is missing in the order of the form.
        await page.GetByRole(AriaRole.Button, new() { Name = "Soumettre l'évaluation" }).ClickAsync();
        Assert.Equal(["Commentez « Mutualisation des ressources » (obligatoire pour cet appel).", "Commentez « Ancrage territorial » (obligatoire pour cet appel).",
            "Indiquez votre degré de confiance : 1 (faible), 2 (moyen) ou 3 (élevé)."], (await page.Locator(".error-summary li").AllInnerTextsAsync()).Select(Spaces));
        Assert.Equal("72", await page.Locator("#weighted-total").InnerTextAsync());
        await page.AuditAsync("desk-errors");

        await page.Locator("#comment-mutualisation").FillAsync("Trois structures partagent la cuisine.");
        await page.Locator("#comment-ancrage").FillAsync("Fournisseurs du canton.");
        await page.Locator("label[for=confidence-3]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Soumettre l'évaluation" }).ClickAsync();
        Assert.StartsWith("Votre évaluation est soumise. Vous pouvez encore la modifier jusqu'au 1 avril 2027",
            Spaces(await page.Locator("#review-done p").First.InnerTextAsync()));
        Assert.Equal("Soumise", await page.Locator(".desk__meta .tag").InnerTextAsync());
        Assert.True(await page.Locator("#score-ancrage-3").IsCheckedAsync());
        Assert.Equal("Dossier 1 sur 2 · évaluations soumises : 1", await page.Locator("#desk-progress").InnerTextAsync());
        await page.AuditAsync("desk-submitted");

        await page.GetByRole(AriaRole.Link, new() { Name = "Passer au dossier suivant : PTCE-2027-0002" }).ClickAsync();
        Assert.Equal($"/Jury/Review/{second}", new Uri(page.Url).AbsolutePath);
        Assert.Equal("Dossier 2 sur 2 · évaluations soumises : 1", await page.Locator("#desk-progress").InnerTextAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "← Dossier précédent PTCE-2027-0001" }).CountAsync());
        Assert.Equal(ReviewStatus.Submitted, (await ReviewAsync(app, first)).Status);

        var phone = await browser.OpenAsync(app, width: 390);
        await AdminSession.SignInAsync(phone, Juror);
        await phone.GotoAsync($"/Jury/Review/{first}");
        await phone.AssertNoHorizontalOverflowAsync("desk-390");
        await phone.AuditAsync("desk-390");
    }

    private static async Task<Review> ReviewAsync(CallManagerApp app, Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<Review>().AsNoTracking().SingleAsync(r => r.Id == id);
    }

    /// <summary>
    /// The scenario's call with anchored scales, required comments, a themes and a start-date question; two admissible dossiers
    /// (the first with a partner and its budget PDF) assigned to the juror, whose declaration is confirmed. Returns the two review ids.
    /// </summary>
    private static async Task<(Guid First, Guid Second)> SeedAsync(CallManagerApp app, string jurorId)
    {
        var draft = await app.DraftCallAsync();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var call = await db.Set<Call>().SingleAsync(c => c.Id == draft.Id);
        List<ScaleAnchor> anchors = [new(0, "Absent", "Missing"), new(3, "Solide", "Sound"), new(5, "Exemplaire", "Exemplary")];
        call.Criteria = call.Criteria.Select(c => c with { Anchors = anchors }).ToList();
        call.Review = call.Review with { RequireCriterionComments = true };
        var fields = call.Form.Sections[0].Fields;
        fields.Add(new FormField { Key = "themes", LabelFr = "Thèmes", LabelEn = "Themes", Type = FieldType.MultipleChoice, Choices = ["alimentation", "réemploi", "mobilité"] });
        fields.Add(new FormField { Key = "startDate", LabelFr = "Date de démarrage", LabelEn = "Start date", Type = FieldType.Date });
        db.Entry(call).Property(c => c.Form).IsModified = true;
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<CallService>().PublishAsync(call.Id, Actor.System);

        var monts = new Organisation { Name = "Coopérative des Monts", Siren = "732829320", LegalForm = "SCIC" };
        var vallee = new Organisation { Name = "Recyclerie de la Vallée", Siren = "552100554", LegalForm = "Association" };
        var one = Dossier(call.Id, "PTCE-2027-0001", monts.Id, "Pôle des communs alimentaires");
        one.Answers["themes"] = new JsonArray("alimentation", "réemploi");
        one.Answers["startDate"] = "2027-09-01";
        one.RequestedAmount = 90_000m;
        one.Answers["requestedAmount"] = 90000;
        var epicerie = new Organisation { Name = "Épicerie solidaire du Val", Siren = "130025265", LegalForm = "Association", Region = "Bretagne", SocialEconomy = true };
        one.Partners.Add(new ApplicationPartner { OrganisationId = epicerie.Id, Siren = "130025265", Name = "Épicerie solidaire du Val", LegalForm = "Association", Region = "Bretagne", SocialEconomy = true });
        var stored = await scope.ServiceProvider.GetRequiredService<IAttachmentStore>().PutAsync(Scenario.Pdf, "application/pdf", "budget-previsionnel.pdf");
        one.Attachments.Add(new Attachment { FieldKey = "budget", StorageKey = stored.Key, OriginalName = "budget-previsionnel.pdf", ContentType = "application/pdf",
            Size = stored.Length, Sha256 = stored.Sha256, UploadedAt = stored.CreatedAt, UploadedBy = "system" });
        var two = Dossier(call.Id, "PTCE-2027-0002", vallee.Id, "Cuisine collective");
        Review first = new() { CallId = call.Id, ApplicationId = one.Id, ReviewerId = jurorId, AssignedBy = "system" };
        Review second = new() { CallId = call.Id, ApplicationId = two.Id, ReviewerId = jurorId, AssignedBy = "system" };
        db.AddRange(monts, vallee, epicerie, one, two, first, second,
            new JuryMember { CallId = call.Id, UserId = jurorId, InvitedBy = "system", ConflictsConfirmedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return (first.Id, second.Id);
    }

    private static Application Dossier(Guid callId, string reference, Guid organisationId, string title) => new()
    {
        CallId = callId, Reference = reference, LeadOrganisationId = organisationId, Status = ApplicationStatus.Admissible, Title = title, RequestedAmount = 45_000m,
        Answers = new() { ["title"] = title, ["summary"] = "Un projet mutualisé.\nDeux lieux.", ["requestedAmount"] = 45000 },
    };

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    private static string Spaces(string text) => NonBreaking().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("[\u00a0\u202f]")]
    private static partial Regex NonBreaking();
}
