using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Selection.SelectionDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Selection;

/// <summary>Who may see the ranking and decide: administrators always, the call's reviewers from deliberation, applicants never.</summary>
[Collection(WebCollection.Name)]
public class SelectionAccessTests
{
    [Fact]
    public async Task Applicants_never_rank_stage_or_publish_and_reviewers_see_the_ranking_only_from_deliberation_without_their_conflicts()
    {
        await using var app = new CallManagerApp();
        var d = new SelectionDriver(app);
        await d.PrepareAsync(2);
        await d.AddJuryAsync(1);
        await d.ConflictAsync(0, 1);
        await d.ReviewAsync(0, 0, 4);
        await app.CreateUserAsync("outsider@jury.example", Roles.Reviewer);

        var applicant = await d.AsAsync(Applicant(0));
        await Expect(await applicant.GetAsync($"/api/calls/{d.CallId}/ranking"), HttpStatusCode.Forbidden);
        await Expect(await applicant.PostAsJsonAsync($"/api/calls/{d.CallId}/ranking/snapshots", new { basis = "Raw" }), HttpStatusCode.Forbidden);
        await Expect(await applicant.PutAsJsonAsync($"/api/applications/{d.Dossiers[0]}/decision", new { outcome = "Selected", grantedAmount = 80_000 }), HttpStatusCode.Forbidden);
        await Expect(await applicant.PostAsync($"/api/calls/{d.CallId}/selection/propose", null), HttpStatusCode.Forbidden);
        await Expect(await applicant.PostAsync($"/api/calls/{d.CallId}/decisions/publish", null), HttpStatusCode.Forbidden);
        await Expect(await applicant.GetAsync($"/api/calls/{d.CallId}/decisions"), HttpStatusCode.Forbidden);

        var early = await (await d.AsAsync("reviewer0@jury.example")).GetAsync($"/api/calls/{d.CallId}/ranking");
        await Expect(early, HttpStatusCode.Forbidden);
        Assert.Equal("Reviewers see the ranking once deliberation opens, on 20 mai 2027 à 10:00 (Europe/Paris).", (await Json(early))["detail"]!.GetValue<string>());

        app.Clock.SetUtcNow(Deliberation);
        var reviewer = await d.AsAsync("reviewer0@jury.example");
        var seen = await reviewer.GetAsync($"/api/calls/{d.CallId}/ranking");
        await Expect(seen, HttpStatusCode.OK);
        Assert.Equal([Reference(0)], (await Json(seen))["ranking"]!["dossiers"]!.AsArray().Select(r => r!["reference"]!.GetValue<string>()));
        await Expect(await reviewer.PutAsJsonAsync($"/api/applications/{d.Dossiers[0]}/decision", new { outcome = "Rejected", reason = "x" }), HttpStatusCode.Forbidden);
        await Expect(await (await d.AsAsync("outsider@jury.example")).GetAsync($"/api/calls/{d.CallId}/ranking"), HttpStatusCode.Forbidden);
        var admin = await (await d.AsAsync(Admin)).GetAsync($"/api/calls/{d.CallId}/ranking");
        Assert.Equal(2, (await Json(admin))["ranking"]!["dossiers"]!.AsArray().Count);
        await Expect(await applicant.GetAsync($"/api/calls/{d.CallId}/ranking"), HttpStatusCode.Unauthorized); // token expired with the clock
        await Expect(await (await d.AsAsync(Applicant(0))).GetAsync($"/api/calls/{d.CallId}/ranking"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Propose_stages_the_budget_selectors_choice_and_publishes_nothing()
    {
        await using var app = new CallManagerApp();
        var d = new SelectionDriver(app);
        await d.PrepareAsync(4);
        await d.AddJuryAsync(1);
        await d.ReviewAsync(0, 0, 3);
        await d.ReviewAsync(0, 1, 5);
        await d.ReviewAsync(0, 2, 4);
        await d.ReviewAsync(0, 3, 1);
        var admin = await d.AsAsync(Admin);

        var proposal = await admin.PostAsync($"/api/calls/{d.CallId}/selection/propose", null);
        await Expect(proposal, HttpStatusCode.OK);
        var body = await Json(proposal);
        Assert.Equal("Optimal", body["status"]!.GetValue<string>());
        var rows = body["decisions"]!["decisions"]!.AsArray().ToDictionary(r => r!["reference"]!.GetValue<string>(), r => r!);
        Assert.Equal(("Selected", 80_000m), (rows[Reference(1)]["outcome"]!.GetValue<string>(), rows[Reference(1)]["grantedAmount"]!.GetValue<decimal>()));
        Assert.Equal("Selected", rows[Reference(2)]["outcome"]!.GetValue<string>());
        Assert.Equal(("Reserve", 1), (rows[Reference(0)]["outcome"]!.GetValue<string>(), rows[Reference(0)]["reserveRank"]!.GetValue<int>()));
        Assert.Equal("Rejected", rows[Reference(3)]["outcome"]!.GetValue<string>());
        Assert.StartsWith("Not fundable: ", rows[Reference(3)]["reason"]!.GetValue<string>());
        Assert.All(rows.Values, r => Assert.Equal("Admissible", r["status"]!.GetValue<string>()));
        Assert.All(rows.Values, r => Assert.Null(r["publishedAt"]?.GetValue<DateTimeOffset?>()));
        Assert.Equal(40_000m, body["decisions"]!["remaining"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Propose_swaps_the_reserve_ranks_of_staged_decisions_despite_the_unique_rank_index(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var d = new SelectionDriver(app);
        await d.PrepareAsync(4);
        await d.AddJuryAsync(1);
        await d.ReviewAsync(0, 0, 5);
        await d.ReviewAsync(0, 1, 4);
        await d.ReviewAsync(0, 2, 3, new() { ["mutualisation"] = 4 });
        await d.ReviewAsync(0, 3, 3);
        var admin = await d.AsAsync(Admin);
        // Staged by hand in the opposite order of the ranking: the proposal has to swap ranks 1 and 2 in one save.
        await Expect(await admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[3]}/decision", new { outcome = "Reserve", reserveRank = 1 }), HttpStatusCode.OK);
        await Expect(await admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[2]}/decision", new { outcome = "Reserve", reserveRank = 2 }), HttpStatusCode.OK);

        var proposal = await admin.PostAsync($"/api/calls/{d.CallId}/selection/propose", null);
        await Expect(proposal, HttpStatusCode.OK);
        var rows = (await Json(proposal))["decisions"]!["decisions"]!.AsArray().ToDictionary(r => r!["reference"]!.GetValue<string>(), r => r!);
        Assert.Equal("Selected", rows[Reference(0)]["outcome"]!.GetValue<string>());
        Assert.Equal("Selected", rows[Reference(1)]["outcome"]!.GetValue<string>());
        Assert.Equal(("Reserve", 1), (rows[Reference(2)]["outcome"]!.GetValue<string>(), rows[Reference(2)]["reserveRank"]!.GetValue<int>()));
        Assert.Equal(("Reserve", 2), (rows[Reference(3)]["outcome"]!.GetValue<string>(), rows[Reference(3)]["reserveRank"]!.GetValue<int>()));

        // Proposing again keeps the same ranks (each rewritten over its own released value).
        await Expect(await admin.PostAsync($"/api/calls/{d.CallId}/selection/propose", null), HttpStatusCode.OK);
        var again = (await Json(await admin.GetAsync($"/api/calls/{d.CallId}/decisions")))["decisions"]!.AsArray()
            .Where(r => r!["outcome"]!.GetValue<string>() == "Reserve").ToDictionary(r => r!["reference"]!.GetValue<string>(), r => r!["reserveRank"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { [Reference(2)] = 1, [Reference(3)] = 2 }, again);
    }

    [Fact]
    public async Task A_proposal_after_publication_ranks_new_reserves_after_the_published_ones()
    {
        await using var app = new CallManagerApp();
        var d = new SelectionDriver(app);
        await d.PrepareAsync(5);
        await d.AddJuryAsync(1);
        foreach (var (dossier, score) in new[] { (0, 5m), (1, 4m), (2, 3.5m), (3, 3.2m), (4, 3m) }) await d.ReviewAsync(0, dossier, score);
        var admin = await d.AsAsync(Admin);
        // Dossier 4 is left out of the first round (its admissibility reopened), the others are decided and published.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
            var held = await db.Set<Application>().SingleAsync(a => a.Id == d.Dossiers[4]);
            held.Status = ApplicationStatus.Submitted;
            await db.SaveChangesAsync();
        }
        foreach (var i in new[] { 0, 1 })
            await Expect(await admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[i]}/decision", new { outcome = "Selected", grantedAmount = 80_000 }), HttpStatusCode.OK);
        await Expect(await admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[2]}/decision", new { outcome = "Reserve", reserveRank = 1 }), HttpStatusCode.OK);
        await Expect(await admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[3]}/decision", new { outcome = "Reserve", reserveRank = 2 }), HttpStatusCode.OK);
        await Expect(await admin.PostAsync($"/api/calls/{d.CallId}/decisions/publish", null), HttpStatusCode.OK);
        await Expect(await admin.PostAsJsonAsync($"/api/applications/{d.Dossiers[4]}/admissibility", new { decision = "Admissible", reason = "Pièce reçue." }), HttpStatusCode.OK);
        await Expect(await admin.PostAsync($"/api/calls/{d.CallId}/ranking/snapshots", null), HttpStatusCode.Created); // now with dossier 4

        var proposal = await admin.PostAsync($"/api/calls/{d.CallId}/selection/propose", null);

        await Expect(proposal, HttpStatusCode.OK);
        var rows = (await Json(proposal))["decisions"]!["decisions"]!.AsArray().ToDictionary(r => r!["reference"]!.GetValue<string>(), r => r!);
        Assert.Equal(("Reserve", 3), (rows[Reference(4)]["outcome"]!.GetValue<string>(), rows[Reference(4)]["reserveRank"]!.GetValue<int>()));
        Assert.Equal(1, rows[Reference(2)]["reserveRank"]!.GetValue<int>());
        Assert.Equal(2, rows[Reference(3)]["reserveRank"]!.GetValue<int>());
    }
}
