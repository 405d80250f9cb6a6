using System.Net;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Decisions;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Selection.SelectionDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Selection;

/// <summary><c>GET /api/applications/{id}/decision</c>: the applicant's letter and summary, never a staged decision, never another's dossier.</summary>
[Collection(WebCollection.Name)]
public class ApplicantDecisionApiTests
{
    [Fact]
    public async Task The_decision_shows_to_its_applicant_only_once_published_with_the_letter_and_the_summary()
    {
        await using var app = new CallManagerApp();
        var d = new SelectionDriver(app);
        await d.PrepareAsync(2);
        await d.AddJuryAsync(1);
        await d.ReviewAsync(0, 0, 4, comment: "Very solid.");
        await d.ReviewAsync(0, 1, 3);
        app.Clock.SetUtcNow(Deliberation);
        using (var scope = app.Services.CreateScope())
        {
            var decisions = scope.ServiceProvider.GetRequiredService<DecisionService>();
            await decisions.StageAsync(d.Dossiers[0], new DecisionInput(DecisionOutcome.Selected, 80_000m), Actor.System);
            await decisions.StageAsync(d.Dossiers[1], new DecisionInput(DecisionOutcome.Rejected, Reason: "Budget exhausted."), Actor.System);
        }

        var staged = await Json(await (await d.AsAsync(Applicant(0))).GetAsync($"/api/applications/{d.Dossiers[0]}/decision"));
        Assert.Null(staged["decision"]);
        await Expect(await (await d.AsAsync(Applicant(1))).GetAsync($"/api/applications/{d.Dossiers[0]}/decision"), HttpStatusCode.NotFound);

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<DecisionService>().PublishAsync(d.CallId, Actor.System);
        var published = await Json(await (await d.AsAsync(Applicant(0))).GetAsync($"/api/applications/{d.Dossiers[0]}/decision"));
        var decision = published["decision"]!;
        Assert.Equal("Selected", decision["outcome"]!.GetValue<string>());
        Assert.StartsWith($"Your project is selected — {Reference(0)}", decision["letterSubject"]!.GetValue<string>());
        Assert.Contains("You may file a complaint until 19 June 2027 at 10:00 (Europe/Paris).", decision["letterText"]!.GetValue<string>());
        Assert.Equal("Shared resources (mutualisation)", decision["scores"]![0]!["criterion"]!.GetValue<string>());
        Assert.Equal(4m, decision["scores"]![0]!["mean"]!.GetValue<decimal>());
        Assert.Equal(["Mutualisation: Very solid.", "Very solid."], decision["comments"]!.AsArray().Select(c => c!["text"]!.GetValue<string>()));
        Assert.True(decision["complaintWindowOpen"]!.GetValue<bool>());
        await Expect(await (await d.AsAsync(Admin)).GetAsync($"/api/applications/{d.Dossiers[0]}/decision"), HttpStatusCode.Forbidden);
    }
}
