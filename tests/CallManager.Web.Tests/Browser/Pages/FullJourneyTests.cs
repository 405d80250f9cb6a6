using System.Text.RegularExpressions;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Documents;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Web.Tests.Documents;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>
/// Issue 20's whole journey in one browser, on a phone and on a desktop, every page scanned by axe and checked for sideways
/// scrolling: Léa registers (address confirmed through the mail she receives), drafts and submits a dossier, keeps the PDF
/// receipt; an officer admits it, applies the selection and publishes; Léa reads the decision letter PDF, signs the agreement,
/// sends a report, answers the officer's request for changes, and sees the interim tranche become payable once it is approved.
/// </summary>
[Collection(BrowserCollection.Name)]
public partial class FullJourneyTests(BrowserFixture browser)
{
    private const string Lea = "lea@asso.example";
    private const string LeaPassword = "Correct-Horse-42";
    private const string Officer = "officer@funder.example";

    [Theory]
    [InlineData(390)]
    [InlineData(1366)]
    public async Task An_applicant_goes_from_registration_to_a_payable_tranche_of_her_grant(int width)
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync(Officer, Roles.Administrator);
        var call = await app.PublishedCallAsync();
        var lea = await browser.OpenAsync(app, width: width);

        var applicationId = await RegisterAndSubmitAsync(app, lea, call, width);
        await ReceiptPdfAsync(app, lea, applicationId);

        app.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 6, 9, 0, 0, TimeSpan.Zero));
        var officer = await browser.OpenAsync(app, width: width);
        await AdminSession.SignInAsync(officer, Officer);
        await AdmitAsync(officer, call, applicationId, width);
        await ReviewedAsync(app, call, applicationId);
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 4, 15, 8, 0, 0, TimeSpan.Zero));
        await AdminSession.SignInAsync(officer, Officer);
        await SelectAndPublishAsync(app, officer, call, width);

        await SignInAsync(lea);
        await DecisionLetterAsync(app, lea, applicationId, width);
        await SignAgreementAsync(lea, width);
        await SendReportAsync(lea, width);

        await officer.GotoAsync("/Admin/Grants");
        await Check(officer, $"journey-admin-grants-{width}");
        await officer.GetByRole(AriaRole.Link, new() { Name = "PTCE-2027-0001" }).ClickAsync();
        await officer.GetByLabel("Modifications à apporter").FillAsync("Ajoutez la fréquentation des ateliers.");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Demander des modifications — Rapport intermédiaire" }).ClickAsync();
        Assert.Equal("La demande de modifications est envoyée au bénéficiaire.", await officer.Locator(".notice--success").InnerTextAsync());
        await Check(officer, $"journey-admin-grant-changes-{width}");

        await AnswerChangesAsync(lea, width);

        await officer.ReloadAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "Approuver le rapport — Rapport intermédiaire" }).ClickAsync();
        await officer.WaitForURLAsync("**done=approved"); // the page after the post, loaded with its stylesheet (checked too early, it had none)
        await Check(officer, $"journey-admin-grant-approved-{width}");

        await lea.GotoAsync("/Applicant/Grants");
        Assert.Equal(["payable", "payable", "en attente"], await lea.Locator(".grant table tbody td:nth-child(5) .tag").AllInnerTextsAsync());
        Assert.Equal(["22\u202f500\u00a0€", "13\u202f500\u00a0€", "9\u202f000\u00a0€"], await lea.Locator(".grant table tbody td:nth-child(2)").AllInnerTextsAsync());
        await Check(lea, $"journey-grant-payable-{width}");
    }

    /// <summary>Registration confirmed through the mail, the organisation, the dossier's steps, the recap and the submission; returns the dossier's id.</summary>
    private static async Task<Guid> RegisterAndSubmitAsync(BrowserApp app, IPage page, Call call, int width)
    {
        await page.GotoAsync($"/calls/{call.Id}");
        await Check(page, $"journey-call-{width}");
        await page.Locator("aside").GetByRole(AriaRole.Link, new() { Name = "Créer un compte" }).ClickAsync();
        await Check(page, $"journey-register-{width}");
        await page.GetByLabel("Nom et prénom").FillAsync("Léa Martin");
        await page.GetByLabel("Adresse e-mail").FillAsync(Lea);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(LeaPassword);
        await page.GetByLabel("Confirmez le mot de passe").FillAsync(LeaPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        Assert.Equal("Consultez votre messagerie", await page.Locator("h1").InnerTextAsync());
        await Check(page, $"journey-check-mail-{width}");

        await page.GotoAsync(await app.LinkFromMailAsync(Lea, "/Account/ConfirmEmail"));
        Assert.Equal("Votre adresse e-mail est confirmée", await page.Locator("h1").InnerTextAsync());
        await Check(page, $"journey-confirmed-{width}");
        await SignInAsync(page);

        await page.GotoAsync($"/calls/{call.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Déposer un dossier" }).ClickAsync();
        await Check(page, $"journey-organisation-{width}");
        await page.GetByLabel("Nom de la structure").FillAsync("Coopérative des Monts");
        await page.GetByLabel("Numéro SIREN").FillAsync("732 829 320");
        await page.GetByLabel("Forme juridique").SelectOptionAsync("SCIC");
        await page.GetByLabel("La structure relève de l'économie sociale").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la structure" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Commencer le dossier" }).ClickAsync();

        Assert.Equal("Le projet", await page.Locator("h1").InnerTextAsync());
        await page.GetByLabel("Titre du projet").FillAsync("Atelier partagé de réparation");
        await page.GetByLabel("Résumé").FillAsync("Une recyclerie et un atelier vélo mutualisés entre trois structures.");
        await page.GetByLabel("Montant demandé").FillAsync("45 000");
        await Check(page, $"journey-dossier-project-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et continuer" }).ClickAsync();

        Assert.Equal("Pièces jointes", await page.Locator("h1").InnerTextAsync());
        await page.GetByLabel("Budget prévisionnel").SetInputFilesAsync(new FilePayload { Name = "budget.pdf", MimeType = "application/pdf", Buffer = Scenario.Pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "Téléverser ce fichier" }).ClickAsync();
        Assert.Contains("budget.pdf", await page.Locator(".files").InnerTextAsync());
        await Check(page, $"journey-dossier-files-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et continuer" }).ClickAsync();

        Assert.Equal("Partenaires du projet", await page.Locator("h1").InnerTextAsync());
        await Check(page, $"journey-dossier-partners-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et continuer" }).ClickAsync();

        Assert.Equal("Vérifier et déposer le dossier", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(["Atelier partagé de réparation", "Une recyclerie et un atelier vélo mutualisés entre trois structures.", "45\u202f000\u00a0€"],
            await page.Locator(".recap .recap__answer").AllInnerTextsAsync());
        await Check(page, $"journey-dossier-check-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Déposer le dossier" }).ClickAsync();

        Assert.Equal("Dossier déposé", await page.Locator("h1").InnerTextAsync());
        await Check(page, $"journey-receipt-{width}");
        return Guid.Parse(DossierId().Match(page.Url).Groups[1].Value);
    }

    /// <summary>The receipt PDF: reference, time in the call's zone, the dossier's SHA-256, every answer, the file with its own hash; stored with the hash of what was served.</summary>
    private static async Task ReceiptPdfAsync(BrowserApp app, IPage page, Guid applicationId)
    {
        var shown = await page.Locator(".summary-list code.hash").InnerTextAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Télécharger l'accusé de réception (PDF)" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var text = Spaces(PdfText.Extract(pdf));
        foreach (var part in (string[])["Numéro d'accusé : PTCE-2027-0001-v1", "Déposé le : 1 mars 2027 à 10:00 (Europe/Paris)", shown,
            "Titre du projet : Atelier partagé de réparation", "Résumé : Une recyclerie et un atelier vélo mutualisés entre trois structures.",
            "Montant demandé : 45 000 €", "Budget prévisionnel : budget.pdf", "SHA-256 " + PdfText.Sha256(Scenario.Pdf)])
            Assert.True(text.Contains(part, StringComparison.Ordinal), $"The receipt lacks \"{part}\": {text}");
        Assert.Equal(PdfText.Sha256(pdf), await StoredHashAsync(app, DocumentKinds.Receipt, applicationId));
    }

    /// <summary>The officer declares the dossier admissible on its instruction page.</summary>
    private static async Task AdmitAsync(IPage officer, Call call, Guid applicationId, int width)
    {
        await officer.GotoAsync($"/Admin/Calls/{call.Id}/Dossiers/{applicationId}");
        Assert.Contains("Atelier partagé de réparation", await officer.Locator("#answers-title + h3 + dl").InnerTextAsync());
        await Check(officer, $"journey-admin-instruction-{width}");
        await officer.Locator("#decision-Admissible").CheckAsync();
        await officer.Locator("#Input_Reason").FillAsync("Dossier complet.");
        await officer.Locator("#decision-form button[type=submit]").ClickAsync();
        Assert.Equal("La décision est enregistrée et le porteur en est informé par courriel.", await officer.Locator(".notice--success").InnerTextAsync());
    }

    /// <summary>Two jury members' submitted reviews (the review pages have their own tests).</summary>
    private static async Task ReviewedAsync(BrowserApp app, Call call, Guid applicationId)
    {
        var now = app.Clock.GetUtcNow();
        var reviewers = new List<AppUser>();
        for (var i = 0; i < 2; i++) reviewers.Add(await app.CreateUserAsync($"reviewer{i}@jury.example", Roles.Reviewer));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        foreach (var reviewer in reviewers)
        {
            db.Add(new JuryMember { CallId = call.Id, UserId = reviewer.Id, InvitedBy = "admin", InvitedAt = now, ConflictsConfirmedAt = now });
            db.Add(new Review
            {
                CallId = call.Id, ApplicationId = applicationId, ReviewerId = reviewer.Id, Status = ReviewStatus.Submitted, AssignedBy = "admin",
                AssignedAt = now, SubmittedAt = now, Confidence = 2, Scores = call.Criteria.Select(c => new CriterionScore(c.Key, 4, null)).ToList(),
            });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>The officer applies the proposal on the selection board, then publishes from the publication page; the letter is mailed.</summary>
    private static async Task SelectAndPublishAsync(BrowserApp app, IPage officer, Call call, int width)
    {
        await officer.GotoAsync($"/Admin/Calls/{call.Id}/Selection");
        await Check(officer, $"journey-admin-selection-{width}");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Appliquer la proposition" }).ClickAsync();
        Assert.Equal("Une proposition est enregistrée : rien n'est publié.", Spaces(await officer.Locator(".notice--success").InnerTextAsync()));
        Assert.Equal(["Selected"], await officer.Locator("select[data-outcome-input]").EvaluateAllAsync<string[]>("s => s.map(x => x.value)"));
        await officer.GetByRole(AriaRole.Link, new() { Name = "Préparer la publication" }).ClickAsync();
        await Check(officer, $"journey-admin-publication-{width}");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Publier 1 décision et envoyer 1 courrier" }).ClickAsync();
        Assert.Equal("Publication faite : 1 décision publiée, 1 courrier envoyé.", Spaces(await officer.Locator("#publication-done p").First.InnerTextAsync()));
        await Reviews.Outbox.WaitUntilDeliveredAsync(app);
        Assert.Contains(app.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == Lea) && (m.Subject ?? "").StartsWith("Votre projet est retenu — PTCE-2027-0001", StringComparison.Ordinal));
    }

    /// <summary>The decision letter from "Mes dossiers": its PDF read back (outcome, amount, complaint route) and stored with its hash.</summary>
    private static async Task DecisionLetterAsync(BrowserApp app, IPage page, Guid applicationId, int width)
    {
        await page.GotoAsync("/Applicant");
        await Check(page, $"journey-my-dossiers-decided-{width}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Courrier de décision PTCE-2027-0001" }).ClickAsync();
        Assert.Equal("Retenu", await page.Locator(".facts .tag").InnerTextAsync());
        await Check(page, $"journey-decision-{width}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le courrier (PDF)" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var text = Spaces(PdfText.Extract(pdf));
        foreach (var part in (string[])["Décision sur votre dossier PTCE-2027-0001", "Votre projet est retenu. Une subvention de 45 000,00 € vous est accordée",
            "Mutualisation des ressources : 4 / 5", "Voies de recours", "Coopérative des Monts"])
            Assert.True(text.Contains(part, StringComparison.Ordinal), $"The letter lacks \"{part}\": {text}");
        Assert.Matches(@"avant le \d{1,2} \w+ 2027 à \d\d:\d\d \(Europe/Paris\)", text);
        Assert.Equal(PdfText.Sha256(pdf), await StoredHashAsync(app, DocumentKinds.DecisionLetter, applicationId));
    }

    /// <summary>The agreement read as a PDF, signed by ticking the box; the first tranche becomes payable.</summary>
    private static async Task SignAgreementAsync(IPage page, int width)
    {
        await page.GotoAsync("/Applicant");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mes subventions PTCE-2027-0001" }).ClickAsync();
        Assert.Equal("Mes subventions", await page.Locator("h1").InnerTextAsync());
        await Check(page, $"journey-grant-unsigned-{width}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Lire la convention (PDF)" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Contains("Convention de subvention n° PTCE-2027-0001", PdfText.Extract(pdf));
        Assert.Equal(PdfText.Sha256(pdf), await page.Locator(".grant code.hash").InnerTextAsync());
        await page.GetByLabel("J'ai lu la convention et je l'accepte.").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Signer la convention" }).ClickAsync();
        Assert.Equal("La convention est signée : les rapports ont leurs échéances et la première tranche est payable.", await page.Locator(".notice").InnerTextAsync());
        Assert.Equal(["payable", "en attente", "en attente"], await page.Locator(".grant table tbody td:nth-child(5) .tag").AllInnerTextsAsync());
        await Check(page, $"journey-grant-signed-{width}");
    }

    /// <summary>The interim report saved as a draft, then sent with its document.</summary>
    private static async Task SendReportAsync(IPage page, int width)
    {
        var interim = Interim(page);
        await interim.GetByLabel("Emplois créés").FillAsync("2");
        await interim.GetByLabel("Récit de la période").FillAsync("Trois ateliers ouverts.");
        await interim.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
        Assert.Equal("Votre brouillon est enregistré. Vous choisirez le document au moment d'envoyer le rapport.", await page.Locator(".notice").InnerTextAsync());
        interim = Interim(page);
        await interim.GetByLabel("Partenaires actifs").FillAsync("5");
        await interim.GetByLabel("Rapport (PDF, DOCX ou ODT)").SetInputFilesAsync(new FilePayload { Name = "rapport.pdf", MimeType = "application/pdf", Buffer = Scenario.Pdf });
        await Check(page, $"journey-report-draft-{width}");
        await interim.GetByRole(AriaRole.Button, new() { Name = "Envoyer le rapport" }).ClickAsync();
        Assert.Equal("Votre rapport est envoyé : il sera examiné par l'équipe de l'appel.", await page.Locator(".notice").InnerTextAsync());
    }

    /// <summary>The officer's request read on the grant page and answered with a new version of the report.</summary>
    private static async Task AnswerChangesAsync(IPage page, int width)
    {
        await page.GotoAsync("/Applicant/Grants");
        var interim = Interim(page);
        Assert.Contains("Ajoutez la fréquentation des ateliers.", await interim.Locator(".notice").InnerTextAsync());
        await Check(page, $"journey-report-changes-{width}");
        await interim.GetByLabel("Votre réponse aux modifications demandées").FillAsync("La fréquentation est en partie 2.");
        Assert.Equal(("2", "5", "Trois ateliers ouverts."), (await interim.GetByLabel("Emplois créés").InputValueAsync(),
            await interim.GetByLabel("Partenaires actifs").InputValueAsync(), await interim.GetByLabel("Récit de la période").InputValueAsync()));
        await interim.GetByLabel("Rapport (PDF, DOCX ou ODT)").SetInputFilesAsync(new FilePayload { Name = "rapport-v2.pdf", MimeType = "application/pdf", Buffer = Scenario.Pdf });
        await interim.GetByRole(AriaRole.Button, new() { Name = "Envoyer le rapport" }).ClickAsync();
        Assert.Contains("Rapport intermédiaire envoyé — La fréquentation est en partie 2.", await page.Locator(".history").InnerTextAsync());
    }

    private static ILocator Interim(IPage page) =>
        page.Locator(".report").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Rapport intermédiaire" }) });

    /// <summary>Léa signs in with the password she chose (the sign-in cookie does not outlive the weeks the clock jumps).</summary>
    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Adresse e-mail").FillAsync(Lea);
        await page.GetByLabel("Mot de passe").FillAsync(LeaPassword);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.Locator(".account-tools__name").WaitForAsync();
    }

    /// <summary>What every page of the journey must pass: no sideways scrolling at this width, a screenshot, no CSP violation, axe.</summary>
    private static async Task Check(IPage page, string name)
    {
        await page.AssertNoHorizontalOverflowAsync(name);
        await page.AuditAsync(name);
    }

    private static async Task<string> StoredHashAsync(BrowserApp app, string kind, Guid subjectId)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<GeneratedDocument>().AsNoTracking()
            .SingleAsync(d => d.Kind == kind && d.SubjectId == subjectId)).Sha256;
    }

    private static string Spaces(string text) => NonBreaking().Replace(text, " ");

    [GeneratedRegex("[\u00a0\u202f]")]
    private static partial Regex NonBreaking();

    [GeneratedRegex(@"/Applicant/Dossiers/([0-9a-f-]{36})/")]
    private static partial Regex DossierId();
}
