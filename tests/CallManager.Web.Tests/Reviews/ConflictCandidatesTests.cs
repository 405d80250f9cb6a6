using System.Net;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using static CallManager.Web.Tests.Reviews.ReviewDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Reviews;

/// <summary>The organisations a jury member may declare a conflict with, listed before the declaration is confirmed.</summary>
[Collection(WebCollection.Name)]
public class ConflictCandidatesTests
{
    [Fact]
    public async Task An_unconfirmed_reviewer_gets_the_lead_and_partner_organisations_of_submitted_dossiers_only()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 2);
        var drafter = await app.ClientAsAsync("drafter@asso.example", Roles.Applicant);
        await CreateDraftAsync(drafter, setup.CallId, await CreateOrganisationAsync(drafter, 9));
        var (reviewer, _) = await ReviewerAsync(app, setup.Admin, setup.CallId, "expert@jury.example", confirm: false);

        var candidates = (await Node(await reviewer.GetAsync($"/api/calls/{setup.CallId}/conflicts/candidates"))).AsArray();

        Assert.Equal(["Organisation 0", "Organisation 1", "Partner 0-0", "Partner 0-1", "Partner 0-2", "Partner 1-0", "Partner 1-1", "Partner 1-2"],
            candidates.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(setup.Leads[0], candidates[0]!["organisationId"]!.GetValue<Guid>());
        Assert.DoesNotContain("PTCE-2027", candidates.ToJsonString());
    }

    [Fact]
    public async Task Someone_off_the_jury_cannot_list_the_organisations_of_the_call()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 1);
        var outsider = await app.ClientAsAsync("outsider@jury.example", Roles.Reviewer);

        using var refused = await outsider.GetAsync($"/api/calls/{setup.CallId}/conflicts/candidates");

        await Expect(refused, HttpStatusCode.Forbidden);
        Assert.Equal("You are not on the jury of this call: an administrator must invite you first.", await DetailAsync(refused));
    }
}
