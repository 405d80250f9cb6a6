using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Reviews;
using CallManager.Web.Tests.Selection;
using static CallManager.Web.Tests.Reviews.ReviewDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Localisation;

/// <summary>
/// The solvers' explanations in the reader's language: the refusal of an impossible selection, a proposal's verdicts, the
/// ranking's not-fundable reasons and trace, and an incomplete automatic review assignment. The API answers in English unless the
/// client's Accept-Language prefers French (as for refusals); the assignment page in the page's language.
/// </summary>
[Collection(WebCollection.Name)]
public class SolverExplanationLanguageTests
{
    private const string French = "fr-FR,fr;q=0.9,en;q=0.5";
    private const string Nbsp = "\u00A0";

    [Fact]
    public async Task An_impossible_quota_is_refused_in_English_by_default_and_in_French_when_the_client_asks()
    {
        await using var app = new CallManagerApp();
        var d = new SelectionDriver(app);
        await d.PrepareAsync(3);
        await d.AddJuryAsync(1);
        for (var i = 0; i < 3; i++) await d.ReviewAsync(0, i, 4);
        var admin = await d.AsAsync(SelectionDriver.Admin);
        // Three grants for the region of every dossier (80 000 € each) in a 200 000 € envelope.
        var quotas = new { quotas = new[] { new { dimension = "Region", value = "Occitanie", min = 3 } } };

        using var english = await SendAsync(admin, HttpMethod.Post, $"/api/calls/{d.CallId}/selection/propose", null, quotas);
        using var french = await SendAsync(admin, HttpMethod.Post, $"/api/calls/{d.CallId}/selection/propose", French, quotas);

        await Expect(english, HttpStatusCode.Conflict);
        await Expect(french, HttpStatusCode.Conflict);
        Assert.Equal("No selection satisfies the constraints: Region Occitanie needs at least 3 grants; the 3 cheapest cost 240,000.00 > budget 200,000.00.",
            await DetailAsync(english));
        Assert.Equal($"Aucune sélection ne respecte les contraintes{Nbsp}: La région Occitanie doit obtenir au moins 3 subvention(s){Nbsp}; " +
            $"ses 3 dossiers les moins chers coûtent {Fr(240_000)}, plus que le budget de {Fr(200_000)}.", await DetailAsync(french));
    }

    [Fact]
    public async Task A_proposals_verdicts_and_the_rankings_reasons_and_trace_are_in_the_clients_language()
    {
        await using var app = new CallManagerApp();
        var d = new SelectionDriver(app);
        await d.PrepareAsync(4);
        await d.AddJuryAsync(1);
        foreach (var (dossier, score) in new[] { (0, 5m), (1, 4m), (2, 3m), (3, 1m) }) await d.ReviewAsync(0, dossier, score);
        var admin = await d.AsAsync(SelectionDriver.Admin);

        using var english = await SendAsync(admin, HttpMethod.Post, $"/api/calls/{d.CallId}/selection/propose", null);
        using var french = await SendAsync(admin, HttpMethod.Post, $"/api/calls/{d.CallId}/selection/propose", French);
        using var rankingEnglish = await SendAsync(admin, HttpMethod.Get, $"/api/calls/{d.CallId}/ranking", null);
        using var rankingFrench = await SendAsync(admin, HttpMethod.Get, $"/api/calls/{d.CallId}/ranking", French);

        await Expect(english, HttpStatusCode.OK);
        await Expect(french, HttpStatusCode.OK);
        Assert.Equal(["rank 1; selected", "rank 2; selected", "rank 3; budget: 40,000.00 left, 80,000.00 needed"], Explanations(await Json(english), d));
        Assert.Equal([$"rang 1{Nbsp}; retenu", $"rang 2{Nbsp}; retenu", $"rang 3{Nbsp}; budget{Nbsp}: {Fr(40_000)} restants, {Fr(80_000)} nécessaires"],
            Explanations(await Json(french), d));
        Assert.Equal(["rang 3", $"budget{Nbsp}: {Fr(40_000)} restants, {Fr(80_000)} nécessaires"],
            Texts(Verdict(await Json(french), d.Dossiers[2])["reasons"]));
        Assert.Equal(["'mutualisation' mean 1.00 below its pass mark 2.00", "'territorial-anchoring' mean 1.00 below its pass mark 2.00",
            "'economic-viability' mean 1.00 below its pass mark 2.00", "total 20.00 below the call's threshold 50.00"], NotFundable(await Json(rankingEnglish)));
        Assert.Equal([$"moyenne de 1,00 en «{Nbsp}mutualisation{Nbsp}» sous sa note éliminatoire de 2,00",
            $"moyenne de 1,00 en «{Nbsp}territorial-anchoring{Nbsp}» sous sa note éliminatoire de 2,00",
            $"moyenne de 1,00 en «{Nbsp}economic-viability{Nbsp}» sous sa note éliminatoire de 2,00",
            "total de 20,00 sous le seuil de finançabilité de l'appel (50,00)"], NotFundable(await Json(rankingFrench)));
        Assert.Equal("after PTCE-2027-0003: fundable dossiers come first", Last(await Json(rankingEnglish))["trace"]!.AsArray()[^1]!.GetValue<string>());
        Assert.Equal($"après PTCE-2027-0003{Nbsp}: les dossiers finançables passent en premier", Last(await Json(rankingFrench))["trace"]!.AsArray()[^1]!.GetValue<string>());
    }

    [Fact]
    public async Task An_incomplete_automatic_assignment_is_explained_in_the_clients_language()
    {
        await using var app = new CallManagerApp();
        var setup = await ShortJuryAsync(app);
        var url = $"/api/calls/{setup.CallId}/assignments/auto";
        var body = new { reviewersPerDossier = 2, maxPerReviewer = 2 };

        using var english = await SendAsync(setup.Admin, HttpMethod.Post, url, null, body);
        using var french = await SendAsync(setup.Admin, HttpMethod.Post, url, French, body);

        await Expect(english, HttpStatusCode.OK);
        await Expect(french, HttpStatusCode.OK);
        var (en, fr) = (await Json(english), await Json(french));
        Assert.Equal(["Dossier PTCE-2027-0001 has only 1 non-conflicted reviewers for 2 slots.",
            "Total capacity 4 < 6 slots: raise maximum loads or invite more reviewers."], Texts(en["reasons"]));
        Assert.Equal(["Le dossier PTCE-2027-0001 manque d'évaluateurs sans conflit d'intérêts (disponibles\u00A0: 1\u00A0; évaluations à attribuer\u00A0: 2).",
            $"Capacité totale de 4, moins que les 6 évaluations à attribuer{Nbsp}: relevez les charges maximales ou invitez d'autres évaluateurs."], Texts(fr["reasons"]));
        Assert.Equal("Only 0 more jury member(s) can review it (1 conflicted): invite more reviewers.", en["unfilled"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal($"Membres du jury pouvant encore l'évaluer{Nbsp}: 0 (1 en conflit d'intérêts){Nbsp}; invitez d'autres évaluateurs.",
            fr["unfilled"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_assignment_page_explains_an_incomplete_assignment_in_the_pages_language()
    {
        await using var app = new CallManagerApp();
        var setup = await ShortJuryAsync(app);
        var session = await PageSession.SignInAsync(app, "admin@funder.example");
        var page = $"/Admin/Calls/{setup.CallId}/Assignments";
        Dictionary<string, string> Run() => new() { ["ReviewersPerDossier"] = "2", ["MaxPerReviewer"] = "2", ["Solver"] = "balanced" };

        var french = await session.PostFormAsync(page, $"{page}?handler=Auto", Run());
        var frenchPage = WebUtility.HtmlDecode(await session.GetStringAsync(french.Headers.Location!.OriginalString));
        var english = await session.PostFormAsync(page, $"{page}?handler=Auto&culture=en&ui-culture=en", Run());
        var englishPage = WebUtility.HtmlDecode(await session.GetStringAsync(english.Headers.Location!.OriginalString + "&culture=en&ui-culture=en"));

        Assert.Equal(HttpStatusCode.Redirect, french.StatusCode);
        Assert.Contains("<p>Le dossier PTCE-2027-0001 manque d'évaluateurs sans conflit d'intérêts (disponibles\u00A0: 1\u00A0; évaluations à attribuer\u00A0: 2).</p>", frenchPage);
        Assert.Contains($"<td>Membres du jury pouvant encore l'évaluer{Nbsp}: 0 (1 en conflit d'intérêts){Nbsp}; invitez d'autres évaluateurs.</td>", frenchPage);
        Assert.Contains("<p>Dossier PTCE-2027-0001 has only 1 non-conflicted reviewers for 2 slots.</p>", englishPage);
        Assert.Contains("<td>Only 0 more jury member(s) can review it (1 conflicted): invite more reviewers.</td>", englishPage);
    }

    /// <summary>Three dossiers, two reviewers of whom one is conflicted with the first dossier: 2 reviewers each cannot be reached.</summary>
    private static async Task<ReviewSetup> ShortJuryAsync(CallManagerApp app)
    {
        var setup = await SetUpAsync(app, dossiers: 3);
        var (r0, _) = await ReviewerAsync(app, setup.Admin, setup.CallId, "r0@expert.example");
        await ReviewerAsync(app, setup.Admin, setup.CallId, "r1@expert.example");
        await Expect(await r0.PostAsJsonAsync($"/api/calls/{setup.CallId}/conflicts", new { organisationId = setup.Leads[0], type = "Employee" }), HttpStatusCode.Created);
        return setup;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? acceptLanguage, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        return client.SendAsync(request);
    }

    private static JsonNode Verdict(JsonObject proposal, Guid dossier) =>
        proposal["verdicts"]!.AsArray().Single(v => v!["dossierId"]!.GetValue<string>() == dossier.ToString())!;

    private static List<string> Explanations(JsonObject proposal, SelectionDriver d) =>
        d.Dossiers.Take(3).Select(id => Verdict(proposal, id)["explanation"]!.GetValue<string>()).ToList();

    private static JsonNode Last(JsonObject view) => view["ranking"]!["dossiers"]!.AsArray()
        .Single(r => r!["reference"]!.GetValue<string>() == SelectionDriver.Reference(3))!;

    private static List<string> NotFundable(JsonObject view) => Texts(Last(view)["notFundableBecause"]);

    private static List<string> Texts(JsonNode? array) => array!.AsArray().Select(t => t!.GetValue<string>()).ToList();

    private static string Fr(decimal amount) => amount.ToString("N2", CultureInfo.GetCultureInfo("fr")) + Nbsp + "€";
}
