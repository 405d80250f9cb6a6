using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using static CallManager.Web.Tests.Reviews.ReviewDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Reviews;

/// <summary>A reviewer's work: draft, submit, edit until the deadline; scores of others hidden until deliberation; anonymised dossiers.</summary>
[Collection(WebCollection.Name)]
public class ReviewFlowTests
{
    /// <summary>The review deadline of <see cref="Phases"/>: 30 April 2027 18:00 in Paris.</summary>
    private static readonly DateTimeOffset ReviewDeadline = new(2027, 4, 30, 16, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_review_is_drafted_submitted_and_edited_until_the_deadline_then_refused_naming_it(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var setup = await SetUpAsync(app, dossiers: 1);
        var (reviewer, reviewerId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "en@expert.example", language: "en");
        var id = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], reviewerId);

        var detail = await Json(await reviewer.GetAsync($"/api/reviews/{id}"));
        Assert.Equal(PtceCall.Criteria.Select(c => c.LabelEn), detail["criteria"]!.AsArray().Select(c => c!["label"]!.GetValue<string>()));
        Assert.Equal("30 April 2027 at 18:00 (Europe/Paris)", detail["deadlineText"]!.GetValue<string>());
        Assert.Equal("PTCE-2027-0001", detail["dossier"]!["reference"]!.GetValue<string>());

        using (var bad = await reviewer.PutAsJsonAsync($"/api/reviews/{id}", new { scores = new[] { new { key = "mutualisation", score = 7 }, new { key = "nope", score = 1 } }, confidence = 4 }))
        {
            await Expect(bad, HttpStatusCode.UnprocessableEntity);
            Assert.Equal("Some parts of the review cannot be saved: The score for 'mutualisation' must be a whole number from 0 to 5. " +
                "'nope' is not a criterion of this call (known: mutualisation, territorial-anchoring, social-innovation, economic-viability, cooperative-governance, jobs-created). " +
                "The confidence is 1 (low), 2 (medium) or 3 (high).", await DetailAsync(bad));
        }
        await Expect(await reviewer.PutAsJsonAsync($"/api/reviews/{id}", new { scores = new[] { new { key = "mutualisation", score = 3, comment = "Shared van." } } }), HttpStatusCode.OK);
        using (var incomplete = await reviewer.PostAsync($"/api/reviews/{id}/submit", null))
        {
            await Expect(incomplete, HttpStatusCode.UnprocessableEntity);
            Assert.StartsWith("The review is not complete: Score 'Territorial anchoring and impact' (0 to 5).", await DetailAsync(incomplete));
            Assert.EndsWith("Give your confidence: 1 (low), 2 (medium) or 3 (high).", await DetailAsync(incomplete));
        }
        await Expect(await reviewer.PutAsJsonAsync($"/api/reviews/{id}", CompleteReview(score: 4)), HttpStatusCode.OK);
        var submitted = await Json(await reviewer.PostAsync($"/api/reviews/{id}/submit", null));
        Assert.Equal("Submitted", submitted["status"]!.GetValue<string>());

        app.Clock.SetUtcNow(ReviewDeadline);
        reviewer = await app.LoginAsync("en@expert.example");
        await Expect(await reviewer.PutAsJsonAsync($"/api/reviews/{id}", CompleteReview(score: 5)), HttpStatusCode.OK);
        await Expect(await reviewer.PostAsync($"/api/reviews/{id}/submit", null), HttpStatusCode.OK);
        using var list = await reviewer.GetAsync("/api/reviews");
        await Expect(list, HttpStatusCode.OK);
        var mine = await Json(list);
        Assert.Equal((1, 1), (mine["calls"]![0]!["done"]!.GetValue<int>(), mine["calls"]![0]!["total"]!.GetValue<int>()));
        Assert.Equal(6, mine["reviews"]![0]!["scored"]!.GetValue<int>());

        app.Clock.SetUtcNow(ReviewDeadline.AddSeconds(1));
        using var late = await reviewer.PutAsJsonAsync($"/api/reviews/{id}", CompleteReview(score: 1));
        await Expect(late, HttpStatusCode.Conflict);
        Assert.Equal("The review deadline passed on 30 April 2027 at 18:00 (Europe/Paris): reviews can no longer change.", await DetailAsync(late));
        using var admin = await app.LoginAsync("admin@funder.example"); // bearer tokens expire after an hour of the fake clock
        var kept = await Json(await admin.GetAsync($"/api/reviews/{id}"));
        Assert.Equal([5m, 5m, 5m, 5m, 5m, 5m], kept["scores"]!.AsArray().Select(s => s!["score"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task A_reviewer_sees_other_reviewers_scores_only_once_the_deliberation_opens_and_without_names()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 1);
        var (a, aId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "a@expert.example");
        var (b, bId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "b@expert.example");
        var ra = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], aId);
        var rb = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], bId);
        await Expect(await a.PutAsJsonAsync($"/api/reviews/{ra}", CompleteReview(score: 2)), HttpStatusCode.OK);
        await Expect(await a.PostAsync($"/api/reviews/{ra}/submit", null), HttpStatusCode.OK);
        await Expect(await b.PutAsJsonAsync($"/api/reviews/{rb}", CompleteReview(score: 5)), HttpStatusCode.OK);
        await Expect(await b.PostAsync($"/api/reviews/{rb}/submit", null), HttpStatusCode.OK);

        using (var early = await a.GetAsync($"/api/applications/{setup.Dossiers[0]}/reviews"))
        {
            await Expect(early, HttpStatusCode.Forbidden);
            Assert.Equal("Other reviewers' scores are shown once the deliberation opens, on 20 mai 2027 à 10:00 (Europe/Paris).", await DetailAsync(early));
        }
        Assert.DoesNotContain("\"score\":5", await (await a.GetAsync($"/api/reviews/{ra}")).Content.ReadAsStringAsync());
        var all = (await Node(await setup.Admin.GetAsync($"/api/applications/{setup.Dossiers[0]}/reviews"))).AsArray();
        Assert.Equal(["a@expert.example", "b@expert.example"], all.Select(r => r!["reviewer"]!.GetValue<string>()));

        app.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 20, 8, 0, 0, TimeSpan.Zero));
        a = await app.LoginAsync("a@expert.example");
        var shown = (await Node(await a.GetAsync($"/api/applications/{setup.Dossiers[0]}/reviews"))).AsArray();
        Assert.Equal(["Évaluateur 1", "Évaluateur 2"], shown.Select(r => r!["reviewer"]!.GetValue<string>()));
        Assert.Equal([(false, 5m), (true, 2m)], shown.Select(r => (r!["mine"]!.GetValue<bool>(), r["scores"]![0]!["score"]!.GetValue<decimal>())).Order());
    }

    [Fact]
    public async Task An_anonymised_call_hides_personal_fields_from_reviewers_but_not_from_administrators()
    {
        await using var app = new CallManagerApp();
        var form = PtceCall.Form;
        form.Field("territory")!.Personal = true;
        form.Field("statutes")!.Personal = true;
        var input = PtceCall.Input(Phases) with { Form = form, Review = new ReviewSettings { Anonymise = true, RequireCriterionComments = true } };
        var setup = await SetUpAsync(app, dossiers: 1, input);
        var (reviewer, reviewerId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "anon@expert.example");
        var id = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], reviewerId);

        var seen = await Json(await reviewer.GetAsync($"/api/applications/{setup.Dossiers[0]}"));
        Assert.Null(seen["answers"]!["territory"]);
        Assert.Equal("Project 0", seen["answers"]!["title"]!.GetValue<string>());
        Assert.Equal(["budgetFile"], seen["attachments"]!.AsArray().Select(x => x!["fieldKey"]!.GetValue<string>()));
        var inReview = await Json(await reviewer.GetAsync($"/api/reviews/{id}"));
        Assert.Null(inReview["dossier"]!["answers"]!["territory"]);
        var statutes = (await Json(await setup.Admin.GetAsync($"/api/applications/{setup.Dossiers[0]}")))["attachments"]!.AsArray()
            .Single(x => x!["fieldKey"]!.GetValue<string>() == "statutes")!["id"]!.GetValue<Guid>();
        await Expect(await reviewer.GetAsync($"/api/applications/{setup.Dossiers[0]}/attachments/{statutes}"), HttpStatusCode.NotFound);
        Assert.Equal("Lot", (await Json(await setup.Admin.GetAsync($"/api/applications/{setup.Dossiers[0]}")))["answers"]!["territory"]!.GetValue<string>());

        var noComments = new { scores = PtceCall.Criteria.Select(c => new { key = c.Key, score = 3 }).ToArray(), confidence = 3 };
        await Expect(await reviewer.PutAsJsonAsync($"/api/reviews/{id}", noComments), HttpStatusCode.OK);
        using var refused = await reviewer.PostAsync($"/api/reviews/{id}/submit", null);
        await Expect(refused, HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("The review is not complete: Comment on 'Mutualisation des ressources' (required by this call).", await DetailAsync(refused));
    }
}
