using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using static CallManager.Web.Tests.Reviews.ReviewDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Reviews;

/// <summary>Declarations of conflicts: confirmation gates every dossier of the call; a conflict hides the dossier by every path.</summary>
[Collection(WebCollection.Name)]
public class ConflictTests
{
    [Fact]
    public async Task A_reviewer_sees_no_dossier_of_the_call_until_the_declaration_is_confirmed()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 1);
        var (reviewer, reviewerId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "late@expert.example", confirm: false);
        await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], reviewerId);

        var review = (await Node(await reviewer.GetAsync("/api/reviews")))["reviews"]![0]!;
        Assert.Null(review["reference"]);
        foreach (var url in new[] { $"/api/reviews/{review["id"]}", $"/api/applications/{setup.Dossiers[0]}" })
        {
            using var refused = await reviewer.GetAsync(url);
            await Expect(refused, HttpStatusCode.Forbidden);
            Assert.Equal($"Confirm your declaration of conflicts of interest for call PTCE-2027 first (POST /api/calls/{setup.CallId}/conflicts/confirm): " +
                "until then no dossier of the call is shown to you.", await DetailAsync(refused));
        }

        await Expect(await reviewer.PostAsync($"/api/calls/{setup.CallId}/conflicts/confirm", null), HttpStatusCode.OK);
        await Expect(await reviewer.GetAsync($"/api/reviews/{review["id"]}"), HttpStatusCode.OK);
        Assert.Equal("PTCE-2027-0001", (await Json(await reviewer.GetAsync($"/api/applications/{setup.Dossiers[0]}")))["reference"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_conflict_declared_after_assignment_removes_the_draft_and_hides_the_dossier_by_every_path()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 2);
        var (reviewer, reviewerId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "linked@expert.example");
        var first = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], reviewerId);
        var second = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[1], reviewerId);
        var dossier = await Json(await setup.Admin.GetAsync($"/api/applications/{setup.Dossiers[0]}"));
        var partner = dossier["partnerOrganisationIds"]![1]!.GetValue<Guid>();
        var attachment = dossier["attachments"]![0]!["id"]!.GetValue<Guid>();
        await Expect(await reviewer.GetAsync($"/api/applications/{setup.Dossiers[0]}/attachments/{attachment}"), HttpStatusCode.OK);

        var declared = await reviewer.PostAsJsonAsync($"/api/calls/{setup.CallId}/conflicts", new { organisationId = partner, type = "BoardMember", note = "I sit on its board." });
        await Expect(declared, HttpStatusCode.Created);
        var removed = (await Json(declared))["removedDraftReviews"]!.AsArray();
        Assert.Equal([(first, "PTCE-2027-0001")], removed.Select(r => (r!["reviewId"]!.GetValue<Guid>(), r["reference"]!.GetValue<string>())));

        foreach (var url in new[] { $"/api/applications/{setup.Dossiers[0]}", $"/api/applications/{setup.Dossiers[0]}/attachments/{attachment}",
                     $"/api/reviews/{first}", $"/api/applications/{setup.Dossiers[0]}/reviews" })
        {
            using var hidden = await reviewer.GetAsync(url);
            await Expect(hidden, HttpStatusCode.NotFound);
            Assert.DoesNotContain("PTCE-2027-0001", await hidden.Content.ReadAsStringAsync());
        }
        var mine = await Node(await reviewer.GetAsync("/api/reviews"));
        Assert.Equal([second], mine["reviews"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
        Assert.Equal(["PTCE-2027-0002"], (await Node(await reviewer.GetAsync("/api/applications"))).AsArray().Select(a => a!["reference"]!.GetValue<string>()));
        using var reassign = await setup.Admin.PostAsJsonAsync($"/api/calls/{setup.CallId}/assignments", new { applicationId = setup.Dossiers[0], reviewerId });
        await Expect(reassign, HttpStatusCode.Conflict);
        Assert.Equal("This reviewer declared a conflict with the lead or a partner organisation of PTCE-2027-0001: they cannot review it.", await DetailAsync(reassign));
    }

    [Fact]
    public async Task A_locked_conflict_is_removed_only_by_an_administrator_and_a_reviewer_declares_only_their_own()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 1);
        var (reviewer, reviewerId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "r@expert.example");
        var (_, otherId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "other@expert.example");
        var locked = await setup.Admin.PostAsJsonAsync($"/api/calls/{setup.CallId}/conflicts", new { organisationId = setup.Leads[0], type = "Family", userId = reviewerId, locked = true });
        await Expect(locked, HttpStatusCode.Created);
        var lockedId = (await Json(locked))["conflict"]!["id"]!.GetValue<Guid>();

        using (var refused = await reviewer.DeleteAsync($"/api/calls/{setup.CallId}/conflicts/{lockedId}"))
        {
            await Expect(refused, HttpStatusCode.Forbidden);
            Assert.Equal("An administrator locked this conflict: only an administrator can remove it.", await DetailAsync(refused));
        }
        using (var forOther = await reviewer.PostAsJsonAsync($"/api/calls/{setup.CallId}/conflicts", new { organisationId = setup.Leads[0], type = "Other", userId = otherId }))
            await Expect(forOther, HttpStatusCode.Forbidden);
        using (var noType = await reviewer.PostAsJsonAsync($"/api/calls/{setup.CallId}/conflicts", new { organisationId = setup.Leads[0] }))
        {
            await Expect(noType, HttpStatusCode.UnprocessableEntity);
            Assert.Equal("type is required: Employee, BoardMember, Partner, Family or Other.", await DetailAsync(noType));
        }
        using (var badType = await reviewer.PostAsJsonAsync($"/api/calls/{setup.CallId}/conflicts", new { organisationId = setup.Leads[0], type = "Cousin" }))
            await Expect(badType, HttpStatusCode.BadRequest);
        var own = (await Json(await reviewer.GetAsync($"/api/calls/{setup.CallId}/conflicts")))["conflicts"]!.AsArray();
        Assert.Equal([(true, "Organisation 0")], own.Select(c => (c!["locked"]!.GetValue<bool>(), c["organisationName"]!.GetValue<string>())));

        await Expect(await setup.Admin.DeleteAsync($"/api/calls/{setup.CallId}/conflicts/{lockedId}"), HttpStatusCode.NoContent);
        Assert.Empty((await Json(await reviewer.GetAsync($"/api/calls/{setup.CallId}/conflicts")))["conflicts"]!.AsArray());
    }
}
