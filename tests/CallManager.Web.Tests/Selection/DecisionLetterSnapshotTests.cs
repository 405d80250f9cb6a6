using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Selection.SelectionDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Selection;

/// <summary>
/// A ranking snapshot frozen after the decisions were published never changes what the applicant reads: the letter page's figures
/// stay those of the snapshot in force at publication, the ones the mailed letter carried.
/// </summary>
[Collection(WebCollection.Name)]
public class DecisionLetterSnapshotTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_applicant_still_reads_the_mailed_figures_after_a_later_snapshot_with_other_scores_is_frozen(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var d = new SelectionDriver(app);
        await d.PrepareAsync(2);
        await d.AddJuryAsync(2);
        await d.ReviewAsync(0, 0, 4, comment: "Very solid.");
        await d.ReviewAsync(0, 1, 3);
        app.Clock.SetUtcNow(Deliberation);
        await DecideAsync(d, new { outcome = "Selected", grantedAmount = 80_000 }, new { outcome = "Rejected", reason = "Budget exhausted." });
        var mailed = await LetterAsync(app, d.Dossiers[0], "decision-selected", Applicant(0));
        Assert.Contains("- Shared resources (mutualisation): 4.00 / 5", mailed.TextBody);
        var published = await DecisionAsync(d, 0);

        await d.ReviewAsync(1, 0, 1); // a late review: dossier 0's means drop to 2.5 in any later snapshot
        var later = await FreezeAsync(d);
        Assert.Equal(2.5m, Means(later, d.Dossiers[0]).First());

        var shown = await DecisionAsync(d, 0);
        Assert.Equal(mailed.Subject, shown["letterSubject"]!.GetValue<string>());
        Assert.Equal(mailed.TextBody, shown["letterText"]!.GetValue<string>());
        Assert.Equal(Enumerable.Repeat(4m, 6), shown["scores"]!.AsArray().Select(s => s!["mean"]!.GetValue<decimal>()));
        Assert.Equal(published["scores"]!.ToJsonString(), shown["scores"]!.ToJsonString());
    }

    [Fact]
    public async Task A_reserve_promoted_after_a_later_snapshot_gets_and_reads_the_figures_of_its_published_decision()
    {
        await using var app = new CallManagerApp();
        var d = new SelectionDriver(app);
        await d.PrepareAsync(3);
        await d.AddJuryAsync(2);
        for (var i = 0; i < 3; i++) await d.ReviewAsync(0, i, 5 - i);
        app.Clock.SetUtcNow(Deliberation);
        await DecideAsync(d, new { outcome = "Selected", grantedAmount = 80_000 }, new { outcome = "Selected", grantedAmount = 80_000 },
            new { outcome = "Reserve", reserveRank = 1 });
        var reserveLetter = await LetterAsync(app, d.Dossiers[2], "decision-reserve", Applicant(2));
        Assert.Contains("- Shared resources (mutualisation): 3.00 / 5", reserveLetter.TextBody);

        await d.ReviewAsync(1, 2, 1); // dossier 2's means drop to 2 in any later snapshot
        Assert.Equal(2m, Means(await FreezeAsync(d), d.Dossiers[2]).First());
        await Expect(await (await d.AsAsync(Applicant(0))).PostAsync($"/api/applications/{d.Dossiers[0]}/withdraw", null), HttpStatusCode.OK);

        var promoted = await LetterAsync(app, d.Dossiers[2], "decision-promoted", Applicant(2));
        Assert.Contains("- Shared resources (mutualisation): 3.00 / 5", promoted.TextBody);
        var shown = await DecisionAsync(d, 2);
        Assert.Equal("Selected", shown["outcome"]!.GetValue<string>());
        Assert.Equal(Enumerable.Repeat(3m, 6), shown["scores"]!.AsArray().Select(s => s!["mean"]!.GetValue<decimal>()));
    }

    /// <summary>Stages one decision per dossier, in order, then publishes them, as an administrator through the API.</summary>
    private static async Task DecideAsync(SelectionDriver d, params object[] decisions)
    {
        var admin = await d.AsAsync(Admin);
        for (var i = 0; i < decisions.Length; i++)
            await Expect(await admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[i]}/decision", decisions[i]), HttpStatusCode.OK);
        await Expect(await admin.PostAsync($"/api/calls/{d.CallId}/decisions/publish", null), HttpStatusCode.OK);
    }

    /// <summary>The decision of dossier <paramref name="i"/> as its applicant reads it.</summary>
    private static async Task<JsonNode> DecisionAsync(SelectionDriver d, int i) =>
        (await Json(await (await d.AsAsync(Applicant(i))).GetAsync($"/api/applications/{d.Dossiers[i]}/decision")))["decision"]!;

    /// <summary>An administrator freezes a new raw snapshot; its ranking.</summary>
    private static async Task<JsonNode> FreezeAsync(SelectionDriver d)
    {
        var frozen = await (await d.AsAsync(Admin)).PostAsJsonAsync($"/api/calls/{d.CallId}/ranking/snapshots", new { basis = "Raw" });
        await Expect(frozen, HttpStatusCode.Created);
        return (await Json(frozen))["ranking"]!;
    }

    private static IEnumerable<decimal> Means(JsonNode ranking, Guid dossier) =>
        ranking["dossiers"]!.AsArray().Single(r => r!["applicationId"]!.GetValue<Guid>() == dossier)!["means"]!.AsArray().Select(m => m!["mean"]!.GetValue<decimal>());

    /// <summary>The one letter of kind <paramref name="kind"/> mailed to <paramref name="email"/> about <paramref name="dossier"/>.</summary>
    private static async Task<OutboxMessage> LetterAsync(CallManagerApp app, Guid dossier, string kind, string email)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        return await db.Set<OutboxMessage>().AsNoTracking()
            .SingleAsync(m => m.Kind == kind && m.CorrelationId == dossier.ToString() && m.Recipients.Contains(email));
    }
}
