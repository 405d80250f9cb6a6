using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using static CallManager.Web.Tests.Reviews.ReviewDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Reviews;

/// <summary>Automatic assignment (balanced and optimal solvers) and manual assignment with their refusals.</summary>
[Collection(WebCollection.Name)]
public class AssignmentTests
{
    [Theory]
    [InlineData("balanced")]
    [InlineData("optimal")]
    public async Task Automatic_assignment_gives_every_dossier_k_non_conflicted_reviewers_within_the_load_and_mails_each_reviewer_once(string solver)
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 6);
        var reviewers = new List<(HttpClient Client, string Id)>();
        for (var i = 0; i < 4; i++) reviewers.Add(await ReviewerAsync(app, setup.Admin, setup.CallId, $"r{i}@expert.example", themes: i == 3 ? ["culture"] : ["alimentation"]));
        var partner = (await Json(await setup.Admin.GetAsync($"/api/applications/{setup.Dossiers[1]}")))["partnerOrganisationIds"]![0]!.GetValue<Guid>();
        await Expect(await reviewers[0].Client.PostAsJsonAsync($"/api/calls/{setup.CallId}/conflicts", new { organisationId = setup.Leads[0], type = "Employee" }), HttpStatusCode.Created);
        await Expect(await reviewers[1].Client.PostAsJsonAsync($"/api/calls/{setup.CallId}/conflicts", new { organisationId = partner, type = "Partner" }), HttpStatusCode.Created);
        var manual = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[5], reviewers[3].Id);

        var response = await setup.Admin.PostAsJsonAsync($"/api/calls/{setup.CallId}/assignments/auto", new { reviewersPerDossier = 2, maxPerReviewer = 3, solver });
        await Expect(response, HttpStatusCode.OK);
        var result = await Json(response);

        Assert.Equal((solver, 11, 1), (result["solver"]!.GetValue<string>(), result["created"]!.GetValue<int>(), result["kept"]!.GetValue<int>()));
        Assert.Empty(result["unfilled"]!.AsArray());
        Assert.Equal([3, 3, 3, 3], result["loads"]!.AsArray().Select(l => l!["load"]!.GetValue<int>()));
        var assignments = (await Node(await setup.Admin.GetAsync($"/api/calls/{setup.CallId}/assignments"))).AsArray();
        Assert.Equal(Enumerable.Repeat(2, 6), assignments.GroupBy(a => a!["applicationId"]!.GetValue<Guid>()).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.DoesNotContain(assignments, a => a!["conflicted"]!.GetValue<bool>());
        Assert.DoesNotContain(assignments, a => Pair(a) == (setup.Dossiers[0], reviewers[0].Id) || Pair(a) == (setup.Dossiers[1], reviewers[1].Id));
        Assert.Contains(assignments, a => a!["reviewId"]!.GetValue<Guid>() == manual && a["manuallyAssigned"]!.GetValue<bool>());

        var mails = await Outbox.OfKindAsync(app, "review-assigned");
        Assert.Equal([("r0", "3"), ("r1", "3"), ("r2", "3"), ("r3", "1"), ("r3", "2")], // the manual assignment's, then one per reviewer
            mails.Select(m => (m.Recipients.Split('@')[0].Split('<').Last(), m.Subject.Split(' ')[0])).Order());
        Assert.EndsWith("dossier(s) à évaluer — Appel à projets PTCE 2027 — pôles territoriaux de coopération économique", mails[0].Subject);
    }

    [Fact]
    public async Task Automatic_assignment_reports_unfilled_slots_with_the_constraint_that_blocks_them()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 3);
        var (r0, _) = await ReviewerAsync(app, setup.Admin, setup.CallId, "r0@expert.example");
        await ReviewerAsync(app, setup.Admin, setup.CallId, "r1@expert.example");
        await Expect(await r0.PostAsJsonAsync($"/api/calls/{setup.CallId}/conflicts", new { organisationId = setup.Leads[0], type = "Employee" }), HttpStatusCode.Created);

        var result = await Json(await setup.Admin.PostAsJsonAsync($"/api/calls/{setup.CallId}/assignments/auto", new { reviewersPerDossier = 2, maxPerReviewer = 2 }));

        var unfilled = result["unfilled"]!.AsArray().Select(u => (u!["reference"]!.GetValue<string>(), u["missing"]!.GetValue<int>(), u["reason"]!.GetValue<string>())).ToList();
        Assert.Equal(("PTCE-2027-0001", 1, "Only 0 more jury member(s) can review it (1 conflicted): invite more reviewers."), unfilled[0]);
        Assert.Equal(2, unfilled.Sum(u => u.Item2)); // 6 slots, 4 places: d0 can only have r1
        Assert.Contains(unfilled.Skip(1), u => u.Item3 == "The jury members who could review it have reached their maximum load: raise maxPerReviewer or invite more reviewers.");
        Assert.Equal([2, 2], result["loads"]!.AsArray().Select(l => l!["load"]!.GetValue<int>()));
        Assert.NotEmpty(result["reasons"]!.AsArray());
        Assert.DoesNotContain(result["reasons"]!.AsArray(), r => r!.GetValue<string>().Contains(setup.Dossiers[0].ToString()));

        using var badSolver = await setup.Admin.PostAsJsonAsync($"/api/calls/{setup.CallId}/assignments/auto", new { solver = "magic" });
        await Expect(badSolver, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Unknown solver 'magic': use \"balanced\" (default) or \"optimal\".", await DetailAsync(badSolver));
        using var badK = await setup.Admin.PostAsJsonAsync($"/api/calls/{setup.CallId}/assignments/auto", new { reviewersPerDossier = 0 });
        await Expect(badK, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Manual_assignment_refusals_say_what_blocks_them()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 2);
        var (reviewer, reviewerId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "capped@expert.example", maxLoad: 1);
        var outsider = await app.CreateUserAsync("outsider@expert.example", CallManager.Domain.Accounts.Roles.Reviewer);
        var review = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], reviewerId);

        await Refused(setup, new { applicationId = setup.Dossiers[0], reviewerId }, HttpStatusCode.Conflict, "This reviewer is already assigned to PTCE-2027-0001.");
        await Refused(setup, new { applicationId = setup.Dossiers[1], reviewerId }, HttpStatusCode.Conflict,
            "This reviewer already has 1 dossier(s), their maximum load (1): unassign one or raise the maximum.");
        await Refused(setup, new { applicationId = setup.Dossiers[1], reviewerId = outsider.Id }, HttpStatusCode.UnprocessableEntity,
            "This person is not on the jury of the call: invite them first (POST /api/calls/{id}/jury).");
        await Refused(setup, new { applicationId = Guid.NewGuid(), reviewerId }, HttpStatusCode.UnprocessableEntity, "This dossier does not belong to the call.");
        await Refused(setup, new { reviewerId }, HttpStatusCode.UnprocessableEntity, "applicationId is required.");

        await SubmitCompleteAsync(reviewer, review);
        using var unassign = await setup.Admin.DeleteAsync($"/api/calls/{setup.CallId}/assignments/{review}");
        await Expect(unassign, HttpStatusCode.Conflict);
        Assert.StartsWith("This review is submitted: a submitted review cannot be unassigned", await DetailAsync(unassign));
    }

    private static async Task Refused(ReviewSetup setup, object body, HttpStatusCode status, string detail)
    {
        using var response = await setup.Admin.PostAsJsonAsync($"/api/calls/{setup.CallId}/assignments", body);
        await Expect(response, status);
        Assert.Equal(detail, await DetailAsync(response));
    }

    private static (Guid, string) Pair(JsonNode? a) => (a!["applicationId"]!.GetValue<Guid>(), a["reviewerId"]!.GetValue<string>());
}
