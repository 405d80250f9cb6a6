using System.Net;
using System.Net.Http.Json;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;
using CallManager.Domain.Accounts;
using static CallManager.Web.Tests.Reviews.ReviewDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Reviews;

/// <summary>Administrators invite reviewers (new or existing accounts), list the jury and remove members.</summary>
[Collection(WebCollection.Name)]
public class JuryTests
{
    [Fact]
    public async Task Inviting_a_new_reviewer_creates_the_account_and_mails_a_set_password_link_an_existing_one_a_sign_in_link()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(settings: SubmissionScenarioTests.MailTo(smtp));
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await CreatePublishedCallAsync(admin);
        var other = await CreatePublishedCallAsync(admin, code: "PTCE-BIS");
        await app.CreateUserAsync("known@expert.example", Roles.Applicant, "en");

        var invited = await admin.PostAsJsonAsync($"/api/calls/{callId}/jury", new { email = "new@expert.example", displayName = "Nouvelle Experte", themes = new[] { "alimentation", "énergie" }, maxLoad = 5 });
        await Expect(invited, HttpStatusCode.Created);
        await InviteAsync(admin, callId, "known@expert.example");
        await InviteAsync(admin, other, "new@expert.example");

        var messages = await smtp.WaitForAsync(3, TimeSpan.FromSeconds(20));
        var setPassword = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "new@expert.example" && m.TextBody!.Contains("PTCE-2027"));
        Assert.StartsWith("Invitation au jury de l'appel", setPassword.Subject);
        Assert.Contains("/Account/SetPassword?userId=", setPassword.TextBody);
        Assert.Contains("Vos thématiques d'expertise : alimentation, énergie.", setPassword.TextBody);
        var signIn = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "known@expert.example");
        Assert.StartsWith("You are invited to the jury of", signIn.Subject);
        Assert.Contains("/Account/Login", signIn.TextBody);
        Assert.DoesNotContain("SetPassword", signIn.TextBody);

        var jury = (await Node(await admin.GetAsync($"/api/calls/{callId}/jury"))).AsArray();
        Assert.Equal(["known@expert.example", "new@expert.example"], jury.Select(j => j!["email"]!.GetValue<string>()));
        Assert.Equal([false, false], jury.Select(j => j!["conflictsConfirmed"]!.GetValue<bool>()));
        Assert.Equal(5, jury[1]!["maxLoad"]!.GetValue<int>());
        Assert.Single((await Node(await admin.GetAsync($"/api/calls/{other}/jury"))).AsArray());

        using var again = await admin.PostAsJsonAsync($"/api/calls/{callId}/jury", new { email = "new@expert.example" });
        await Expect(again, HttpStatusCode.Conflict);
        Assert.Equal("new@expert.example is already on the jury of PTCE-2027.", await DetailAsync(again));
        using var bad = await admin.PostAsJsonAsync($"/api/calls/{callId}/jury", new { email = "not-an-address", maxLoad = 0 });
        await Expect(bad, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("'not-an-address' is not an e-mail address: give the reviewer's e-mail address.", await DetailAsync(bad));
    }

    [Fact]
    public async Task A_member_with_a_submitted_review_cannot_be_removed_one_without_can()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 1);
        var (busy, busyId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "busy@expert.example");
        var (_, idleId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "idle@expert.example");
        var review = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], busyId);
        await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], idleId);
        await SubmitCompleteAsync(busy, review);

        using var refused = await setup.Admin.DeleteAsync($"/api/calls/{setup.CallId}/jury/{busyId}");
        await Expect(refused, HttpStatusCode.Conflict);
        Assert.Equal("This reviewer has submitted 1 review(s) of the call; a member with submitted reviews cannot be removed.", await DetailAsync(refused));
        await Expect(await setup.Admin.DeleteAsync($"/api/calls/{setup.CallId}/jury/{idleId}"), HttpStatusCode.NoContent);

        var jury = (await Node(await setup.Admin.GetAsync($"/api/calls/{setup.CallId}/jury"))).AsArray();
        var member = Assert.Single(jury)!;
        Assert.Equal(("busy@expert.example", 1, 1, true), (member["email"]!.GetValue<string>(), member["load"]!.GetValue<int>(),
            member["submitted"]!.GetValue<int>(), member["conflictsConfirmed"]!.GetValue<bool>()));
        Assert.Single((await Node(await setup.Admin.GetAsync($"/api/calls/{setup.CallId}/assignments"))).AsArray());
    }
}
