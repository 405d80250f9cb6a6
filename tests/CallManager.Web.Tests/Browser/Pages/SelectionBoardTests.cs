using System.Text.RegularExpressions;
using CallManager.Web.Tests.Selection;
using Microsoft.Playwright;
using static CallManager.Web.Tests.Selection.SelectionDriver;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>
/// Issue 19's selection around the budget and publication with previews: from a frozen ranking to published letters on the
/// selection and publication pages alone — proposal applied in one action, totals and funding line following the changes,
/// a what-if, every letter read in French and English, a confirmation that says what will happen.
/// </summary>
[Collection(BrowserCollection.Name)]
public partial class SelectionBoardTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_administrator_goes_from_the_frozen_ranking_to_published_letters_on_the_selection_and_publication_pages()
    {
        await using var app = await BrowserApp.StartAsync();
        var d = new SelectionDriver(app);
        await d.PrepareAsync(4);
        await d.AddJuryAsync(2);
        decimal[][] scores = [[5, 4, 4, 3], [5, 5, 4, 4]];
        for (var i = 0; i < 4; i++)
        {
            await d.ReviewAsync(0, i, scores[0][i]);
            await d.ReviewAsync(1, i, scores[1][i]);
        }
        app.Clock.SetUtcNow(Deliberation);
        var page = await browser.OpenAsync(app, width: 1366);
        await AdminSession.SignInAsync(page, Admin);
        await page.GotoAsync($"/Admin/Calls/{d.CallId}/Selection");

        // One table in ranking order; nothing decided by default; the solver's proposal shown, not staged.
        Assert.Equal(["Rang", "Dossier", "Total /100", "Financé (bootstrap)", "Éligibilité", "Demandé", "Proposition", "Décision", "Cumul retenu"],
            await page.Locator("main table.board thead th").AllInnerTextsAsync());
        Assert.Equal(["1", "2", "3", "4"], await page.Locator("main table.board tbody td:first-child").AllInnerTextsAsync());
        Assert.All(await page.Locator("select[data-outcome-input]").EvaluateAllAsync<string[]>("s => s.map(x => x.value)"), value => Assert.Equal("", value));
        Assert.Equal(["Retenu", "Retenu", "Non proposé", "Non proposé"], await page.Locator("main table.board tbody td:nth-child(7) .tag").AllInnerTextsAsync());
        Assert.Equal("80 000 €", Spaces(await page.Locator("#row-1 td:nth-child(6)").InnerTextAsync()));
        Assert.Equal(0, await page.Locator("[data-line]:visible").CountAsync());
        Assert.DoesNotContain("\\u00", await page.Locator("main").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Appliquer la proposition" }).ClickAsync();
        Assert.Equal("Une proposition est enregistrée : rien n'est publié.", Spaces(await page.Locator(".notice--success").InnerTextAsync()));
        Assert.Equal(["Selected", "Selected", "Reserve", "Reserve"], await page.Locator("select[data-outcome-input]").EvaluateAllAsync<string[]>("s => s.map(x => x.value)"));
        Assert.Equal(["80 000 €", "160 000 €", "160 000 €", "160 000 €"], (await page.Locator("[data-running]").AllInnerTextsAsync()).Select(Spaces));
        Assert.Equal(["Ligne de financement"], await page.Locator("#row-2 [data-line]:visible").AllInnerTextsAsync());
        Assert.Equal(1, await page.Locator("[data-line]:visible").CountAsync());
        Assert.Equal("160 000 € retenus sur une enveloppe de 200 000 € (reste 40 000 €)", Spaces(await page.Locator("#budget-text").InnerTextAsync()));
        await page.AuditAsync("selection-board-1366");

        // Totals follow each change before anything is saved; a selection past the envelope is flagged and the line stays above it.
        await page.Locator("#row-2-amount").FillAsync("60000");
        Assert.Equal("140 000 €", Spaces(await page.Locator("#row-2 [data-running]").InnerTextAsync()));
        Assert.Equal("140 000 € retenus sur une enveloppe de 200 000 € (reste 60 000 €)", Spaces(await page.Locator("#budget-text").InnerTextAsync()));
        await page.Locator("#row-3-outcome").SelectOptionAsync("Selected");
        await page.Locator("#row-3-amount").FillAsync("80000");
        Assert.Equal("220 000 €", Spaces(await page.Locator("#row-3 [data-running]").InnerTextAsync()));
        Assert.True(await page.Locator("#row-3 [data-over]").IsVisibleAsync());
        Assert.True(await page.Locator("#row-2 [data-line]").IsVisibleAsync());
        await page.Locator("#row-3-outcome").SelectOptionAsync("Reserve");
        await page.Locator("#row-3-amount").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les décisions" }).ClickAsync();
        Assert.Equal("Les décisions sont enregistrées (non publiées).", await page.Locator(".notice--success").InnerTextAsync());
        Assert.Equal("140 000 € retenus sur une enveloppe de 200 000 € (reste 60 000 €)", Spaces(await page.Locator("#budget-text").InnerTextAsync()));

        // What if the envelope were 100 000 €? The second dossier leaves the proposal; nothing is staged.
        await page.GetByLabel("Autre budget (€)").FillAsync("100000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuler" }).ClickAsync();
        Assert.StartsWith("PTCE-2027-0002", await page.Locator("#whatif-leaving li").First.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#whatif-entering").CountAsync());
        Assert.Equal("140 000 € retenus sur une enveloppe de 200 000 € (reste 60 000 €)", Spaces(await page.Locator("#budget-text").InnerTextAsync()));
        await page.AuditAsync("selection-whatif");

        var phone = await browser.OpenAsync(app, width: 390);
        await AdminSession.SignInAsync(phone, Admin);
        await phone.GotoAsync($"/Admin/Calls/{d.CallId}/Selection");
        await phone.AssertNoHorizontalOverflowAsync("selection-board-390");
        await phone.AuditAsync("selection-board-390");

        // Publication: the count by outcome, each letter in French and English as it will be sent, and what publishing will do.
        await page.GetByRole(AriaRole.Link, new() { Name = "Préparer la publication" }).ClickAsync();
        Assert.Equal(["Retenus\n2", "Sur liste complémentaire\n2", "Non retenus\n0", "Courriers à envoyer\n4"],
            (await page.Locator(".counts__item").AllInnerTextsAsync()).Select(t => Regex.Replace(t.Trim(), @"\s*\n\s*", "\n")));
        await page.Locator("#letter-PTCE-2027-0002 summary").ClickAsync();
        var letter = page.Locator("#letter-PTCE-2027-0002");
        Assert.StartsWith("Votre projet est retenu — PTCE-2027-0002", await letter.Locator("article[lang=fr] .letter-preview__subject").InnerTextAsync());
        Assert.StartsWith("Your project is selected — PTCE-2027-0002", await letter.Locator("article[lang=en] .letter-preview__subject").InnerTextAsync());
        Assert.Contains("60 000,00 €", Spaces(await letter.Locator("article[lang=fr] .letter").InnerTextAsync()));
        Assert.Contains("Your project is on the reserve list — PTCE-2027-0003", await page.Locator("#letter-PTCE-2027-0003 article[lang=en] .letter-preview__subject").TextContentAsync());
        var main = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("decision-", main);
        Assert.DoesNotContain("{{", main);
        Assert.Equal("Publier maintenant rend 4 décisions définitives, envoie 4 courriers par e-mail aux porteurs, chacun dans sa langue, et ouvre la période de réclamation jusqu'au 19 juin 2027 à 10:00 (Europe/Paris).",
            Spaces(await page.Locator("#publication-what").InnerTextAsync()));
        await page.AuditAsync("publication-preview-1366");
        var phonePublication = await browser.OpenAsync(app, width: 390);
        await AdminSession.SignInAsync(phonePublication, Admin);
        await phonePublication.GotoAsync($"/Admin/Calls/{d.CallId}/Publication");
        await phonePublication.AssertNoHorizontalOverflowAsync("publication-preview-390");
        await phonePublication.AuditAsync("publication-preview-390");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publier 4 décisions et envoyer 4 courriers" }).ClickAsync();
        Assert.Equal("Publication faite : 4 décisions publiées, 4 courriers envoyés.", await page.Locator("#publication-done p").First.InnerTextAsync());
        Assert.Equal(1, await page.Locator("#publication-empty").CountAsync());
        await Reviews.Outbox.WaitUntilDeliveredAsync(app);
        Assert.Equal(4, app.Smtp.Messages.Count(m => DecisionSubject().IsMatch(m.Subject ?? "")));
        await page.AuditAsync("publication-done");
    }

    private static string Spaces(string text) => NonBreaking().Replace(text, " ");

    [GeneratedRegex("^(Votre projet est (retenu|sur liste complémentaire)|Your project is (selected|on the reserve list)) — PTCE-2027-000")]
    private static partial Regex DecisionSubject();

    [GeneratedRegex("[\u00a0\u202f]")]
    private static partial Regex NonBreaking();
}
