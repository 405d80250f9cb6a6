using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Stimuli;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static CallManager.Web.Tests.Selection.SelectionDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Selection;

/// <summary>Ranking to published decisions, letters, complaints and a withdrawal promoting the reserve, through the API with real SMTP.</summary>
[Collection(WebCollection.Name)]
public class SelectionScenarioTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Ranking_staged_decisions_publication_complaints_and_withdrawal(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(provider, settings: Submissions.SubmissionScenarioTests.MailTo(smtp));
        var driver = new SelectionDriver(app);
        await driver.PrepareAsync(6);
        await ReviewAsync(driver);
        app.Clock.SetUtcNow(Deliberation);
        await Reviews.Outbox.WaitUntilDeliveredAsync(app); // earlier mails must not land among the letters
        smtp.Clear();

        var ranking = await RankingAsync(driver);
        await StageAsync(driver, ranking);
        await PublishAsync(app, driver, smtp);
        await ComplaintsAsync(app, driver);
        await WithdrawalAsync(app, driver);
    }

    /// <summary>
    /// 0: all 5 (100). 1 and 2 tie at 80, broken on territorial anchoring (1: 5, 2: 3). 3: reviewers 5 and 2 (70, spread 30).
    /// 4: all 1 (below the pass marks). 5: 3 (60) plus a conflicted reviewer's 0, which must not count.
    /// </summary>
    private static async Task ReviewAsync(SelectionDriver d)
    {
        await d.AddJuryAsync(3);
        await d.ConflictAsync(2, 5);
        await d.ReviewAsync(0, 0, 5, comment: "Remarkable cooperation between the partners.");
        await d.ReviewAsync(1, 0, 5, comment: "Solide ancrage local.");
        await d.ReviewAsync(0, 1, 4, new() { ["mutualisation"] = 3, ["territorial-anchoring"] = 5 });
        await d.ReviewAsync(1, 2, 4, new() { ["mutualisation"] = 5, ["territorial-anchoring"] = 3 });
        await d.ReviewAsync(0, 3, 5);
        await d.ReviewAsync(1, 3, 2);
        await d.ReviewAsync(0, 4, 1);
        await d.ReviewAsync(1, 5, 3);
        await d.ReviewAsync(2, 5, 0);
    }

    private static async Task<JsonArray> RankingAsync(SelectionDriver d)
    {
        var admin = await d.AsAsync(Admin);
        var frozen = await admin.PostAsJsonAsync($"/api/calls/{d.CallId}/ranking/snapshots", new { basis = "Raw" });
        await Expect(frozen, HttpStatusCode.Created);
        var view = await Json(frozen);
        Assert.Matches("^[0-9a-f]{64}$", view["sha256"]!.GetValue<string>());
        var rows = view["ranking"]!["dossiers"]!.AsArray();
        Assert.Equal(new[] { 0, 1, 2, 3, 5, 4 }.Select(Reference), rows.Select(r => r!["reference"]!.GetValue<string>()));
        Assert.Equal([100m, 80m, 80m, 70m, 60m, 20m], rows.Select(r => r!["total"]!.GetValue<decimal>()));
        Assert.Contains($"tie with {Reference(2)} at 80.00 broken on 'territorial-anchoring' 5.00 > 3.00", Trace(rows[1]!));
        Assert.True(rows[3]!["disputed"]!.GetValue<bool>());
        Assert.Equal(30m, rows[3]!["spread"]!.GetValue<decimal>());
        Assert.Equal(1, rows[4]!["reviews"]!.GetValue<int>()); // the conflicted reviewer's 0 is not counted
        Assert.False(rows[5]!["fundable"]!.GetValue<bool>());
        Assert.Contains("total 20.00 below the call's threshold 50.00", rows[5]!["notFundableBecause"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.All(rows.Take(5), r => Assert.NotNull(r!["calibratedTotal"]));
        Assert.Equal(1m, rows[0]!["fundedShare"]!.GetValue<decimal>());

        // Replay: the latest ranking and the snapshot read again give the same bytes.
        var id = view["snapshotId"]!.GetValue<Guid>();
        var again = await admin.GetStringAsync($"/api/calls/{d.CallId}/ranking/snapshots/{id}");
        Assert.Equal(again, await admin.GetStringAsync($"/api/calls/{d.CallId}/ranking"));
        Assert.Equal(view.ToJsonString(), JsonNode.Parse(again)!.ToJsonString());
        return rows;
    }

    private static async Task StageAsync(SelectionDriver d, JsonArray ranking)
    {
        var admin = await d.AsAsync(Admin);
        Task<HttpResponseMessage> Stage(int i, object body) => admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[i]}/decision", body);
        await Expect(await Stage(0, new { outcome = "Selected", grantedAmount = 80_000 }), HttpStatusCode.OK);
        await Expect(await Stage(1, new { outcome = "Selected", grantedAmount = 80_000 }), HttpStatusCode.OK);
        var over = await Stage(2, new { outcome = "Selected", grantedAmount = 80_000 });
        await Expect(over, HttpStatusCode.Conflict);
        Assert.Equal("Over budget: the envelope is 200,000.00 €, 160,000.00 € is already selected, this grant of 80,000.00 € would exceed it by 40,000.00 €.",
            (await Json(over))["detail"]!.GetValue<string>());
        await Expect(await Stage(2, new { outcome = "Selected", grantedAmount = 90_000 }), HttpStatusCode.UnprocessableEntity); // above the request
        await Expect(await Stage(2, new { outcome = "Reserve", reserveRank = 1 }), HttpStatusCode.OK);
        await Expect(await Stage(3, new { outcome = "Reserve", reserveRank = 1 }), HttpStatusCode.Conflict);
        await Expect(await Stage(3, new { outcome = "Reserve", reserveRank = 2 }), HttpStatusCode.OK);
        await Expect(await Stage(5, new { outcome = "Rejected" }), HttpStatusCode.UnprocessableEntity);
        await Expect(await Stage(5, new { outcome = "Rejected", reason = "Budget exhausted by better-ranked projects." }), HttpStatusCode.OK);

        var missing = await admin.PostAsync($"/api/calls/{d.CallId}/decisions/publish", null);
        await Expect(missing, HttpStatusCode.Conflict);
        Assert.Equal($"Every admissible dossier needs a decision before publishing; missing: {Reference(4)}.", (await Json(missing))["detail"]!.GetValue<string>());
        await Expect(await Stage(4, new { outcome = "Rejected", reason = "Below the pass marks." }), HttpStatusCode.OK);
        await Expect(await admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[0]}/consensus", new { text = "Le jury salue un projet exemplaire." }), HttpStatusCode.OK);

        var staged = await Json(await admin.GetAsync($"/api/calls/{d.CallId}/decisions"));
        Assert.Equal(160_000m, staged["selectedTotal"]!.GetValue<decimal>());
        Assert.Equal(40_000m, staged["remaining"]!.GetValue<decimal>());
        Assert.Empty(staged["undecided"]!.AsArray());
        var letters = staged["letters"]!.AsArray();
        Assert.Equal(6, letters.Count);
        Assert.Equal(new { t = "decision-reserve", to = Applicant(3), lang = "fr" },
            letters.Where(l => l!["reference"]!.GetValue<string>() == Reference(3))
                .Select(l => new { t = l!["template"]!.GetValue<string>(), to = l["to"]!.GetValue<string>(), lang = l["language"]!.GetValue<string>() }).Single());
    }

    private static async Task PublishAsync(CallManagerApp app, SelectionDriver d, SmtpTestServer smtp)
    {
        var admin = await d.AsAsync(Admin);
        var published = await Json(await admin.PostAsync($"/api/calls/{d.CallId}/decisions/publish", null));
        Assert.Equal(6, published["published"]!.GetValue<int>());
        Assert.Equal(6, published["letters"]!.GetValue<int>());
        Assert.Equal(2, published["stimuliSent"]!.GetValue<int>());
        Assert.Equal(Deliberation.AddDays(30), published["complaintsUntil"]!.GetValue<DateTimeOffset>());

        var messages = await smtp.WaitForAsync(6, TimeSpan.FromSeconds(30));
        MimeMessage To(int i) => messages.Single(m => m.To.Mailboxes.Single().Address == Applicant(i));
        var selected = To(0); // English
        Assert.StartsWith($"Your project is selected — {Reference(0)}", selected.Subject);
        Assert.Contains("Granted amount: 80,000.00 €.", selected.TextBody);
        Assert.Contains("- Shared resources (mutualisation): 5.00 / 5", selected.TextBody);
        Assert.Contains("Le jury salue un projet exemplaire.", selected.TextBody);
        Assert.Contains("- Remarkable cooperation between the partners.", selected.TextBody);
        Assert.Contains("- Shared resources (mutualisation): Mutualisation: Solide ancrage local.", selected.TextBody);
        Assert.DoesNotContain("reviewer", selected.TextBody);
        Assert.Contains("You may file a complaint until 19 June 2027 at 10:00 (Europe/Paris).", selected.TextBody);
        Assert.StartsWith($"Votre projet est retenu — {Reference(1)}", To(1).Subject);
        Assert.Contains("Montant accordé : 80 000,00 €.".Replace(' ', '\u202f'), To(1).TextBody!.Replace('\u00a0', '\u202f').Replace(' ', '\u202f'));
        Assert.StartsWith($"Your project is on the reserve list — {Reference(2)}", To(2).Subject);
        Assert.Contains("at rank 1.", To(2).TextBody);
        Assert.Contains("au rang 2.", To(3).TextBody);
        Assert.StartsWith($"Decision on your project — {Reference(4)}", To(4).Subject);
        Assert.Contains("Reason: Below the pass marks.", To(4).TextBody);
        Assert.Contains("Motif : Budget exhausted by better-ranked projects.", To(5).TextBody);

        var again = await Json(await admin.PostAsync($"/api/calls/{d.CallId}/decisions/publish", null));
        Assert.Equal(0, again["published"]!.GetValue<int>());
        Assert.Equal(0, again["letters"]!.GetValue<int>());
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        Assert.Equal(6, await db.Set<OutboxMessage>().CountAsync(m => m.Kind.StartsWith("decision-")));
        var stimuli = await db.Set<WorkflowStimulus>().Where(s => s.Name == "DossierSelected").Select(s => s.CorrelationId).ToListAsync();
        Assert.Equal(new[] { d.Dossiers[0], d.Dossiers[1] }.Select(g => g.ToString()).Order(), stimuli.Order());
        Assert.Equal("Selected", (await Json(await admin.GetAsync($"/api/applications/{d.Dossiers[0]}")))["status"]!.GetValue<string>());
    }

    private static async Task ComplaintsAsync(CallManagerApp app, SelectionDriver d)
    {
        var four = await d.AsAsync(Applicant(4));
        var filed = await four.PostAsJsonAsync($"/api/applications/{d.Dossiers[4]}/complaints", new { text = "Our second reviewer never scored the budget annex." });
        await Expect(filed, HttpStatusCode.Created);
        await Expect(await four.PostAsJsonAsync($"/api/applications/{d.Dossiers[4]}/complaints", new { text = "Again." }), HttpStatusCode.Conflict);
        var five = await d.AsAsync(Applicant(5));
        var second = await five.PostAsJsonAsync($"/api/applications/{d.Dossiers[5]}/complaints", new { text = "Notre projet mérite mieux." });
        await Expect(second, HttpStatusCode.Created);

        var admin = await d.AsAsync(Admin);
        var back = await admin.PutAsJsonAsync($"/api/complaints/{(await Json(filed))["id"]}", new { outcome = "Upheld", reason = "A review was incomplete.", action = "ReturnToReview" });
        await Expect(back, HttpStatusCode.OK);
        Assert.Equal("Admissible", (await Json(await admin.GetAsync($"/api/applications/{d.Dossiers[4]}")))["status"]!.GetValue<string>());
        var decisions = await Json(await admin.GetAsync($"/api/calls/{d.CallId}/decisions"));
        Assert.Equal([Reference(4)], decisions["undecided"]!.AsArray().Select(r => r!.GetValue<string>()));

        var complaint = (await Json(second))["id"];
        var tooMuch = await admin.PutAsJsonAsync($"/api/complaints/{complaint}", new
        {
            outcome = "Upheld", reason = "Mis-scored.", action = "ChangeDecision", decision = new { outcome = "Selected", grantedAmount = 80_000 },
        });
        await Expect(tooMuch, HttpStatusCode.Conflict);
        Assert.Contains("would exceed it by 40,000.00 €", (await Json(tooMuch))["detail"]!.GetValue<string>());
        await Expect(await admin.PutAsJsonAsync($"/api/complaints/{complaint}", new
        {
            outcome = "Upheld", reason = "Mis-scored.", action = "ChangeDecision", decision = new { outcome = "Selected", grantedAmount = 40_000 },
        }), HttpStatusCode.OK);
        Assert.Equal("Selected", (await Json(await admin.GetAsync($"/api/applications/{d.Dossiers[5]}")))["status"]!.GetValue<string>());
        Assert.Equal(2, (await Node(await admin.GetAsync($"/api/calls/{d.CallId}/complaints"))).AsArray().Count);

        app.Clock.SetUtcNow(Deliberation.AddDays(30).AddSeconds(1));
        var late = await (await d.AsAsync(Applicant(3))).PostAsJsonAsync($"/api/applications/{d.Dossiers[3]}/complaints", new { text = "Trop tard ?" });
        await Expect(late, HttpStatusCode.Conflict);
        Assert.Equal("Le délai de réclamation a pris fin le 19 juin 2027 à 10:00 (Europe/Paris).", (await Json(late))["detail"]!.GetValue<string>());
    }

    private static async Task WithdrawalAsync(CallManagerApp app, SelectionDriver d)
    {
        await Expect(await (await d.AsAsync(Applicant(0))).PostAsync($"/api/applications/{d.Dossiers[0]}/withdraw", null), HttpStatusCode.OK);
        var admin = await d.AsAsync(Admin);
        var promoted = (await Json(await admin.GetAsync($"/api/calls/{d.CallId}/decisions")))["decisions"]!.AsArray()
            .Single(r => r!["reference"]!.GetValue<string>() == Reference(2))!;
        Assert.Equal("Selected", promoted["outcome"]!.GetValue<string>());
        Assert.Equal("Selected", promoted["status"]!.GetValue<string>());
        Assert.Equal(80_000m, promoted["grantedAmount"]!.GetValue<decimal>()); // 200 000 − 80 000 (1) − 40 000 (5)
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        Assert.Equal(1, await db.Set<OutboxMessage>().CountAsync(m => m.Kind == "decision-promoted"));
        Assert.True(await db.Set<WorkflowStimulus>().AnyAsync(s => s.Name == "DossierSelected" && s.CorrelationId == d.Dossiers[2].ToString()));
    }

    private static IEnumerable<string> Trace(JsonNode row) => row["trace"]!.AsArray().Select(t => t!.GetValue<string>());
}
