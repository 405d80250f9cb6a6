using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class ApplicantJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_applicant_goes_from_registration_to_the_receipt_of_a_submitted_dossier()
    {
        await using var app = await BrowserApp.StartAsync();
        var call = await app.PublishedCallAsync();
        var page = await browser.OpenAsync(app);

        await page.GotoAsync("/");
        await page.AuditAsync("home-open-calls");
        await page.GetByRole(AriaRole.Link, new() { Name = call.TitleFr }).ClickAsync();
        Assert.Equal(call.TitleFr, await page.Locator("h1").InnerTextAsync());
        Assert.Contains("5 mars 2027 à 12:00 (Europe/Paris)", await page.Locator(".facts").InnerTextAsync());
        Assert.Contains("1\u202f500\u202f000\u00a0€", await page.Locator(".facts").InnerTextAsync());
        await page.AuditAsync("call-page");

        await page.Locator("aside").GetByRole(AriaRole.Link, new() { Name = "Créer un compte" }).ClickAsync();
        await page.GetByLabel("Nom et prénom").FillAsync("Léa Martin");
        await page.GetByLabel("Adresse e-mail").FillAsync("lea@asso.example");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Correct-Horse-42");
        await page.GetByLabel("Confirmez le mot de passe").FillAsync("Correct-Horse-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        Assert.Equal("Consultez votre messagerie", await page.Locator("h1").InnerTextAsync());

        await page.GotoAsync(await app.LinkFromMailAsync("lea@asso.example", "/Account/ConfirmEmail"));
        Assert.Equal("Votre adresse e-mail est confirmée", await page.Locator("h1").InnerTextAsync());
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByLabel("Adresse e-mail").FillAsync("lea@asso.example");
        await page.GetByLabel("Mot de passe").FillAsync("Correct-Horse-42");
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await page.GotoAsync($"/calls/{call.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Déposer un dossier" }).ClickAsync();
        Assert.Equal("Votre structure", await page.Locator("h1").InnerTextAsync());
        await page.GetByLabel("Nom de la structure").FillAsync("Coopérative des Monts");
        await page.GetByLabel("Numéro SIREN").FillAsync("732 829 320");
        await page.GetByLabel("Forme juridique").SelectOptionAsync("SCIC");
        await page.GetByLabel("La structure relève de l'économie sociale").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la structure" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Commencer le dossier" }).ClickAsync();

        Assert.Equal("Le projet", await page.Locator("h1").InnerTextAsync());
        await page.AuditAsync("dossier-editor");
        await page.GetByLabel("Titre du projet").FillAsync("Atelier partagé de réparation");
        await page.GetByLabel("Résumé").FillAsync("Une recyclerie et un atelier vélo mutualisés entre trois structures.");
        // An amount above the call's maximum is kept (its eligibility rule is judged at submission and may be derogated);
        // an answer that is not an amount is refused at its field, and what was typed stays.
        await page.GetByLabel("Montant demandé").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et continuer" }).ClickAsync();
        Assert.Equal(["Montant demandé : un montant en euros avec au plus 2 décimales est attendu."],
            (await page.Locator(".error-summary li").AllInnerTextsAsync()).Select(t => System.Text.RegularExpressions.Regex.Replace(t, @"\s+", " ")));
        Assert.Contains("un montant en euros", await page.Locator("#a_requestedAmount-error").InnerTextAsync());
        Assert.Equal(("Atelier partagé de réparation", "-5"), (await page.GetByLabel("Titre du projet").InputValueAsync(), await page.GetByLabel("Montant demandé").InputValueAsync()));
        await page.GetByLabel("Montant demandé").FillAsync("45 000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et continuer" }).ClickAsync();

        Assert.Equal("Pièces jointes", await page.Locator("h1").InnerTextAsync());
        await page.GetByLabel("Budget prévisionnel").SetInputFilesAsync(new FilePayload { Name = "budget.pdf", MimeType = "application/pdf", Buffer = Scenario.Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "Téléverser ce fichier" }).ClickAsync();
        Assert.Equal(["Le contenu du fichier « budget.pdf » n'est pas d'un format accepté pour ce champ : le type est lu dans le contenu, pas dans le nom du fichier."],
            await page.Locator(".error-summary li").AllInnerTextsAsync());
        await page.AuditAsync("dossier-upload-refused");

        await page.GetByLabel("Budget prévisionnel").SetInputFilesAsync(new FilePayload { Name = "budget.pdf", MimeType = "application/pdf", Buffer = Scenario.Pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "Téléverser ce fichier" }).ClickAsync();
        Assert.Contains("budget.pdf", await page.Locator(".files").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et continuer" }).ClickAsync();

        Assert.Equal("Partenaires du projet", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("Partenaires", (await page.Locator(".steps-nav [aria-current=step]").InnerTextAsync()).Trim());
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et continuer" }).ClickAsync();

        Assert.Equal("Vérifier et déposer le dossier", await page.Locator("h1").InnerTextAsync());
        var recap = page.Locator(".recap");
        Assert.Equal(["Atelier partagé de réparation", "Une recyclerie et un atelier vélo mutualisés entre trois structures.", "45\u202f000\u00a0€"],
            await recap.Locator(".recap__answer").AllInnerTextsAsync());
        Assert.Contains("budget.pdf", await recap.Locator(".recap__files").InnerTextAsync());
        await page.AuditAsync("dossier-check");
        await page.GetByRole(AriaRole.Button, new() { Name = "Déposer le dossier" }).ClickAsync();

        Assert.Equal("Dossier déposé", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("PTCE-2027-0001-v1", await page.Locator(".receipt__number").InnerTextAsync());
        Assert.Contains("1 mars 2027 à 10:00 (Europe/Paris)", await page.Locator(".summary-list").InnerTextAsync());
        await page.AuditAsync("receipt");

        await page.GetByRole(AriaRole.Link, new() { Name = "Mes dossiers" }).First.ClickAsync();
        Assert.Equal("Déposé", await page.Locator(".dossier-list .tag").InnerTextAsync());
        await page.AuditAsync("my-dossiers");
    }

    [Fact]
    public async Task A_file_of_a_refused_type_is_stopped_in_the_browser_before_it_is_sent()
    {
        await using var app = await BrowserApp.StartAsync(new Dictionary<string, string?> { ["Accounts:RequireConfirmedEmail"] = "false" });
        var call = await app.PublishedCallAsync();
        var page = await browser.OpenAsync(app);
        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Nom et prénom").FillAsync("Léa Martin");
        await page.GetByLabel("Adresse e-mail").FillAsync("lea@asso.example");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Correct-Horse-42");
        await page.GetByLabel("Confirmez le mot de passe").FillAsync("Correct-Horse-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await page.GotoAsync($"/Applicant/Start?callId={call.Id}");
        await page.GetByLabel("Nom de la structure").FillAsync("Coopérative des Monts");
        await page.GetByLabel("Numéro SIREN").FillAsync("732829320");
        await page.GetByLabel("Forme juridique").SelectOptionAsync("SCIC");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la structure" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Commencer le dossier" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Pièces jointes" }).ClickAsync();

        await page.GetByLabel("Budget prévisionnel").SetInputFilesAsync(new FilePayload { Name = "budget.docx", MimeType = "application/octet-stream", Buffer = Scenario.Pdf });
        var url = page.Url;
        await page.GetByRole(AriaRole.Button, new() { Name = "Téléverser ce fichier" }).ClickAsync();

        Assert.Equal("Ce fichier n'est pas d'un format accepté (PDF).", await page.Locator(".field__error--client").InnerTextAsync());
        Assert.Equal(url, page.Url);
        Assert.Equal("Budget prévisionnel", await page.EvaluateAsync<string>("document.activeElement.labels[0].textContent.trim()"));
    }
}
