using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Localisation;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>
/// An ineligible dossier is stopped at every step (admissibility through the API and the page, ranking, proposal, staging,
/// publication) until an administrator records a derogation with a reason, which then shows in the ranking trace and the export;
/// a change of the rules before the deadline judges the dossiers again, after it the rules are frozen.
/// </summary>
[Collection(WebCollection.Name)]
public class EligibilityBindingTests
{
    private const string Admin = "admin@funder.example";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_ineligible_dossier_is_refused_at_every_step_until_a_derogation_is_recorded(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var admin = await app.ClientAsAsync(Admin, Roles.Administrator, "en");
        var created = await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(Phases, budget: 300_000m));
        await Expect(created, HttpStatusCode.Created);
        var callId = (await Json(created))["id"]!.GetValue<Guid>();
        await Expect(await admin.PostAsync($"/api/calls/{callId}/publish", null), HttpStatusCode.OK);
        // A: 4 partners, B: 3 partners (eligible until the rule asks for 4), C: 2 partners (never eligible).
        var (a, b, c) = (await SubmitAsync(app, callId, 0, 4), await SubmitAsync(app, callId, 1, 3), await SubmitAsync(app, callId, 2, 2));

        var standing = await Json(await admin.GetAsync($"/api/applications/{c}/eligibility"));
        Assert.False(standing["eligible"]!.GetValue<bool>());
        Assert.False(Rule(standing, "partners")["met"]!.GetValue<bool>());
        Assert.Equal("At least 3 partner organisations, of which at least 1 from the social and solidarity economy.", Rule(standing, "partners")["statement"]!.GetValue<string>());
        foreach (var id in new[] { a, b }) await Expect(await Admissible(admin, id), HttpStatusCode.OK);
        await ExpectRefusal(await Admissible(admin, c), HttpStatusCode.Conflict, "PTCE-2027-0003", "'partners'", "declared admissible", "derogation");
        var page = await PageSession.SignInAsync(app, Admin);
        var posted = await page.PostFormAsync($"/Admin/Calls/{callId}/Dossiers/{c}", $"/Admin/Calls/{callId}/Dossiers/{c}",
            new() { ["Input.Decision"] = "Admissible", ["Input.Reason"] = "Complet." });
        Assert.Contains(await PageSession.ErrorsAsync(posted), e => e.Contains("« partners »") && e.Contains("ne peut pas être déclaré recevable"));
        await Expect(await Stage(admin, b, new { outcome = "Selected", grantedAmount = 80000 }), HttpStatusCode.OK);

        // Before the deadline the rules may change: every submitted dossier is judged again (B now fails, A still passes).
        await Expect(await admin.PutAsJsonAsync($"/api/calls/{callId}", WithPartners(4)), HttpStatusCode.OK);
        Assert.False(Rule(await Json(await admin.GetAsync($"/api/applications/{b}/eligibility")), "partners")["met"]!.GetValue<bool>());
        Assert.True((await Json(await admin.GetAsync($"/api/applications/{a}/eligibility")))["eligible"]!.GetValue<bool>());
        await ReviewAsync(app, callId, [a, b]);
        app.Clock.SetUtcNow(Deadline.AddDays(1));
        admin = await app.LoginAsync(Admin);
        await ExpectRefusal(await admin.PutAsJsonAsync($"/api/calls/{callId}", WithPartners(2)), HttpStatusCode.Conflict, "eligibility rules are frozen", "submission deadline");

        var ranking = await Json(await admin.PostAsJsonAsync($"/api/calls/{callId}/ranking/snapshots", new { }));
        var rankedB = Dossier(ranking, "PTCE-2027-0002");
        Assert.False(rankedB["fundable"]!.GetValue<bool>());
        Assert.Contains(rankedB["notFundableBecause"]!.AsArray(), r => r!.GetValue<string>().Contains("'partners'"));
        await Expect(await Stage(admin, a, new { outcome = "Selected", grantedAmount = 80000 }), HttpStatusCode.OK);
        await ExpectRefusal(await admin.PostAsync($"/api/calls/{callId}/decisions/publish", null), HttpStatusCode.Conflict, "PTCE-2027-0002", "'partners'", "published as selected");
        var proposal = await Json(await admin.PostAsJsonAsync($"/api/calls/{callId}/selection/propose", new { }));
        var proposedB = proposal["decisions"]!["decisions"]!.AsArray().Single(d => d!["reference"]!.GetValue<string>() == "PTCE-2027-0002")!;
        Assert.Equal("Rejected", proposedB["outcome"]!.GetValue<string>());
        Assert.Contains("'partners'", proposedB["reason"]!.GetValue<string>());
        await ExpectRefusal(await Stage(admin, b, new { outcome = "Selected", grantedAmount = 80000 }), HttpStatusCode.Conflict, "'partners'", "cannot be selected");
        await ExpectRefusal(await Stage(admin, b, new { outcome = "Reserve", reserveRank = 1 }), HttpStatusCode.Conflict, "'partners'", "reserve list");

        await ExpectRefusal(await Derogate(admin, b, "partners", " "), HttpStatusCode.UnprocessableEntity, "reason");
        await ExpectRefusal(await Derogate(admin, b, "nonsense", "Because."), HttpStatusCode.UnprocessableEntity, "'nonsense'", "partners, legal-form");
        await ExpectRefusal(await Derogate(admin, b, "max-grant", "Because."), HttpStatusCode.Conflict, "meets the rule 'max-grant'");
        var applicant = await app.LoginAsync("applicant1@asso.example");
        await Expect(await Derogate(applicant, b, "partners", "Because."), HttpStatusCode.Forbidden);
        const string reason = "Fourth partner confirmed by the prefecture's letter of 2 March";
        await Expect(await Derogate(admin, b, "partners", reason), HttpStatusCode.Created);
        await ExpectRefusal(await Derogate(admin, b, "partners", reason), HttpStatusCode.Conflict, "already recorded");
        await Expect(await Derogate(admin, c, "partners", "Territory without a third partner."), HttpStatusCode.Created);

        await Expect(await Admissible(admin, c), HttpStatusCode.OK);
        await Expect(await Stage(admin, b, new { outcome = "Selected", grantedAmount = 80000 }), HttpStatusCode.OK);
        await Expect(await Stage(admin, c, new { outcome = "Rejected", reason = "No review." }), HttpStatusCode.OK);
        ranking = await Json(await admin.PostAsJsonAsync($"/api/calls/{callId}/ranking/snapshots", new { }));
        rankedB = Dossier(ranking, "PTCE-2027-0002");
        Assert.True(rankedB["fundable"]!.GetValue<bool>());
        Assert.Contains(rankedB["trace"]!.AsArray(), t => t!.GetValue<string>() == $"eligible by derogation to rule 'partners': {reason}");
        await Expect(await admin.PostAsync($"/api/calls/{callId}/decisions/publish", null), HttpStatusCode.OK);
        Assert.Equal("Selected", (await Json(await admin.GetAsync($"/api/applications/{b}")))["status"]!.GetValue<string>());

        page = await PageSession.SignInAsync(app, Admin); // the first session's cookie expired with the clock
        var export = await page.GetStringAsync($"/Admin/Calls/{callId}/Dossiers?handler=Export&format=csv");
        Assert.Contains($"partners : {reason}", export);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        Assert.Equal(2, await db.Set<AuditEntry>().CountAsync(e => e.Action == "eligibility.derogation-granted" && e.CallId == callId));
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == "eligibility.reevaluated" && e.CallId == callId));
    }

    private static CallInput WithPartners(int count) => PtceCall.Input(Phases, budget: 300_000m) with
    {
        EligibilityRules = [.. PtceCall.Rules.Select(r => r.Key == "partners" ? r with { Count = count } : r)],
    };

    private static async Task<Guid> SubmitAsync(CallManagerApp app, Guid callId, int seed, int partners)
    {
        var applicant = await app.ClientAsAsync($"applicant{seed}@asso.example", Roles.Applicant, "en");
        var id = await CreateDraftAsync(applicant, callId, await CreateOrganisationAsync(applicant, seed));
        await CompleteAsync(applicant, id, seed, partners: partners);
        await Expect(await applicant.PostAsync($"/api/applications/{id}/submit", null), HttpStatusCode.OK);
        return id;
    }

    /// <summary>Two reviewers give every criterion 4 on each dossier (reviews are the review stage's: written directly).</summary>
    private static async Task ReviewAsync(CallManagerApp app, Guid callId, Guid[] dossiers)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        for (var i = 0; i < 2; i++)
        {
            var reviewer = await app.CreateUserAsync($"reviewer{i}@jury.example", Roles.Reviewer);
            db.Add(new JuryMember { CallId = callId, UserId = reviewer.Id, InvitedBy = "admin", InvitedAt = app.Clock.GetUtcNow(), ConflictsConfirmedAt = app.Clock.GetUtcNow() });
            foreach (var dossier in dossiers)
                db.Add(new Review
                {
                    CallId = callId, ApplicationId = dossier, ReviewerId = reviewer.Id, Status = ReviewStatus.Submitted, AssignedBy = "admin",
                    AssignedAt = app.Clock.GetUtcNow(), SubmittedAt = app.Clock.GetUtcNow(), Confidence = 2,
                    Scores = PtceCall.Criteria.Select(c => new CriterionScore(c.Key, 4, null)).ToList(),
                });
        }
        await db.SaveChangesAsync();
    }

    private static Task<HttpResponseMessage> Admissible(HttpClient admin, Guid id) =>
        admin.PostAsJsonAsync($"/api/applications/{id}/admissibility", new { decision = "Admissible", reason = "Dossier complet." });

    private static Task<HttpResponseMessage> Stage(HttpClient admin, Guid id, object decision) => admin.PutAsJsonAsync($"/api/applications/{id}/decision", decision);

    private static Task<HttpResponseMessage> Derogate(HttpClient client, Guid id, string rule, string reason) =>
        client.PostAsJsonAsync($"/api/applications/{id}/derogations", new { rule, reason });

    private static JsonObject Rule(JsonObject standing, string key) => standing["rules"]!.AsArray().Single(r => r!["rule"]!.GetValue<string>() == key)!.AsObject();

    private static JsonObject Dossier(JsonObject ranking, string reference) =>
        ranking["ranking"]!["dossiers"]!.AsArray().Single(d => d!["reference"]!.GetValue<string>() == reference)!.AsObject();

    private static async Task ExpectRefusal(HttpResponseMessage response, HttpStatusCode status, params string[] fragments)
    {
        await Expect(response, status);
        var body = await response.Content.ReadAsStringAsync();
        foreach (var fragment in fragments) Assert.Contains(fragment, body);
    }
}
