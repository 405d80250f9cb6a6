using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Grants.GrantDriver;
using static CallManager.Web.Tests.Lifecycle.LifecycleDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Lifecycle;

/// <summary>
/// Issue 5's scenario through every phase, API only, real SMTP, fake clock: 40 dossiers, 8 reviewers (two conflicted),
/// automatic assignment, reviews with one late reviewer reminded by the call workflow, ranking with a tie broken by the
/// call's order and a disagreement flag, budget refusal, staged then published letters, an upheld complaint, a withdrawal
/// that promotes the reserve, and one grant followed to its closure.
/// </summary>
[Collection(WebCollection.Name)]
public class FundingCallLifecycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_call_runs_from_submission_to_a_closed_grant(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(provider, settings: Submissions.SubmissionScenarioTests.MailTo(smtp));
        var d = new LifecycleDriver(app);

        await d.SubmitAsync();
        await JuryAndAssignmentAsync(d);
        await ReviewsWithALateReviewerAsync(d);
        var ranking = await RankingAsync(d);
        await DecisionsAsync(d, ranking, smtp);
        await ComplaintAndWithdrawalAsync(d, ranking);
        await GrantAsync(d, ranking[0]);

        using var scope = app.Services.CreateScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync()).Intact);
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<WorkflowIncident>().ToListAsync());
    }

    private static async Task JuryAndAssignmentAsync(LifecycleDriver d)
    {
        await d.InviteJuryAsync();
        var admin = await d.AsAsync(Admin);
        var auto = await admin.PostAsJsonAsync($"/api/calls/{d.CallId}/assignments/auto", new { reviewersPerDossier = 3, maxPerReviewer = 15 });
        await Expect(auto, HttpStatusCode.OK);
        var result = await Json(auto);
        Assert.Empty(result["unfilled"]!.AsArray());
        Assert.All(result["loads"]!.AsArray(), l => Assert.Equal(15, l!["load"]!.GetValue<int>()));

        var assignments = await d.AssignmentsAsync();
        Assert.Equal(120, assignments.Count);
        Assert.All(d.Dossiers, id => Assert.Equal(3, assignments.Count(a => a.ApplicationId == id)));
        Assert.DoesNotContain(assignments, a => a.ReviewerId == d.ReviewerIds[0] && a.ApplicationId == d.Dossiers[0]);
        Assert.DoesNotContain(assignments, a => a.ReviewerId == d.ReviewerIds[1] && a.ApplicationId == d.Dossiers[1]);

        // The conflicted reviewer never reaches the dossier, by any path.
        var conflicted = await d.AsAsync(Reviewer(0));
        await Expect(await conflicted.GetAsync($"/api/applications/{d.Dossiers[0]}"), HttpStatusCode.NotFound);
        await Expect(await conflicted.GetAsync($"/api/applications/{d.Dossiers[0]}/reviews"), HttpStatusCode.NotFound);
        var own = await Json(await conflicted.GetAsync("/api/reviews"));
        Assert.DoesNotContain(own["reviews"]!.AsArray(), r => r!["applicationId"]?.GetValue<Guid>() == d.Dossiers[0]);
        Assert.Equal(8, (await Reviews.Outbox.OfKindAsync(d.App, Domain.Reviews.ReviewMails.Assigned)).Count);
    }

    private static async Task ReviewsWithALateReviewerAsync(LifecycleDriver d)
    {
        var assignments = await d.AssignmentsAsync();
        for (var r = 0; r < 7; r++) await d.ReviewAllAsync(r, assignments);

        await d.MoveClockAsync(ReviewDeadline.AddDays(-3));
        var reminders = await Reviews.Outbox.OfKindAsync(d.App, Domain.Reviews.ReviewMails.Reminder);
        var reminder = Assert.Single(reminders);
        Assert.Equal(Reviewer(7), reminder.Recipients.Split(',', ';', ' ').Single(s => s.Contains('@')).Trim('<', '>', '"'));

        await d.ReviewAllAsync(7, assignments);
        await d.MoveClockAsync(SelectionDeliberation);
        Assert.Single(await Reviews.Outbox.OfKindAsync(d.App, Domain.Reviews.ReviewMails.Reminder)); // nobody left to remind on the morning
    }

    /// <summary>Returns the dossier indexes in ranked order.</summary>
    private static async Task<List<int>> RankingAsync(LifecycleDriver d)
    {
        var admin = await d.AsAsync(Admin);
        var frozen = await admin.PostAsJsonAsync($"/api/calls/{d.CallId}/ranking/snapshots", new { basis = "Raw" });
        await Expect(frozen, HttpStatusCode.Created);
        var view = await Json(frozen);
        var rows = view["ranking"]!["dossiers"]!.AsArray();
        var order = rows.Select(r => d.Dossiers.IndexOf(r!["applicationId"]!.GetValue<Guid>())).ToList();
        Assert.Equal(40, order.Count);
        Assert.Equal([0, 1, 2], order.Take(3));
        Assert.Equal(Enumerable.Range(4, 9).Order(), order.Skip(3).Take(9).Order()); // 78.00 each
        Assert.Equal(3, order[12]);
        Assert.Equal([100m, 80m, 80m], rows.Take(3).Select(r => r!["total"]!.GetValue<decimal>()));
        Assert.Contains($"tie with {Reference(2)} at 80.00 broken on 'territorial-anchoring' 5.00 > 3.00",
            rows[1]!["trace"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(rows[12]!["disputed"]!.GetValue<bool>());
        Assert.Equal(1, rows.Count(r => r!["disputed"]!.GetValue<bool>()));
        Assert.All(rows, r => Assert.Equal(3, r!["reviews"]!.GetValue<int>()));
        Assert.All(rows.Skip(26), r => Assert.False(r!["fundable"]!.GetValue<bool>())); // 40.00 is below the call's threshold

        // Replay: the same snapshot gives the same ranking and trace, byte for byte.
        var id = view["snapshotId"]!.GetValue<Guid>();
        var replayed = await admin.GetStringAsync($"/api/calls/{d.CallId}/ranking/snapshots/{id}");
        Assert.Equal(replayed, await admin.GetStringAsync($"/api/calls/{d.CallId}/ranking/snapshots/{id}"));
        Assert.Equal(view.ToJsonString(), JsonNode.Parse(replayed)!.ToJsonString());

        // Reviewers see the ranking once deliberation is open; applicants never.
        await Expect(await (await d.AsAsync(Reviewer(3))).GetAsync($"/api/calls/{d.CallId}/ranking"), HttpStatusCode.OK);
        var applicant = await (await d.AsAsync(Applicant(5))).GetAsync($"/api/calls/{d.CallId}/ranking");
        Assert.True(applicant.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"applicant got {applicant.StatusCode}");
        return order;
    }

    private static async Task DecisionsAsync(LifecycleDriver d, List<int> ranking, SmtpTestServer smtp)
    {
        var admin = await d.AsAsync(Admin);
        Task<HttpResponseMessage> Stage(int dossier, object body) => admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[dossier]}/decision", body);
        foreach (var i in ranking.Take(10)) await Expect(await Stage(i, new { outcome = "Selected", grantedAmount = 80_000 }), HttpStatusCode.OK);
        var over = await Stage(ranking[10], new { outcome = "Selected", grantedAmount = 80_000 });
        await Expect(over, HttpStatusCode.Conflict);
        Assert.Equal("Over budget: the envelope is 800,000.00 €, 800,000.00 € is already selected, this grant of 80,000.00 € would exceed it by 80,000.00 €.",
            (await Json(over))["detail"]!.GetValue<string>());
        await Expect(await Stage(ranking[10], new { outcome = "Reserve", reserveRank = 1 }), HttpStatusCode.OK);
        await Expect(await Stage(ranking[11], new { outcome = "Reserve", reserveRank = 2 }), HttpStatusCode.OK);
        foreach (var i in ranking.Skip(12))
            await Expect(await Stage(i, new { outcome = "Rejected", reason = i == 3 ? "Reviewers disagreed; the jury kept it out." : "Ranked below the funded projects." }), HttpStatusCode.OK);
        await Expect(await admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[0]}/consensus", new { text = "Le jury salue un projet exemplaire." }), HttpStatusCode.OK);
        await Expect(await admin.PostAsJsonAsync($"/api/calls/{d.CallId}/minutes", new
        {
            heldAt = SelectionDeliberation, attendees = new[] { "Présidente", "Rapporteur" }, text = "Classement adopté.",
            votes = new[] { new { motion = "Adopter le classement", @for = 7, against = 0, abstain = 1 } },
        }), HttpStatusCode.Created);

        await Reviews.Outbox.WaitUntilDeliveredAsync(d.App); // earlier mails must not land among the letters
        smtp.Clear();
        var published = await Json(await admin.PostAsync($"/api/calls/{d.CallId}/decisions/publish", null));
        Assert.Equal(40, published["letters"]!.GetValue<int>());
        Assert.Equal(10, published["stimuliSent"]!.GetValue<int>());
        var letters = await smtp.WaitForAsync(40, TimeSpan.FromSeconds(60));
        var first = letters.Single(m => m.To.Mailboxes.Single().Address == Applicant(0)); // English
        Assert.StartsWith($"Your project is selected — {Reference(0)}", first.Subject);
        Assert.Contains("Granted amount: 80,000.00 €.", first.TextBody);
        Assert.Contains("- Shared resources (mutualisation): 5.00 / 5", first.TextBody);
        Assert.Contains("Le jury salue un projet exemplaire.", first.TextBody);
        Assert.DoesNotContain(Reviewer(1), first.TextBody);
        var reserve = letters.Single(m => m.To.Mailboxes.Single().Address == Applicant(ranking[11])).Subject;
        Assert.StartsWith(Language(ranking[11]) == "en" ? $"Your project is on the reserve list — {Reference(ranking[11])}"
            : $"Votre projet est sur liste complémentaire — {Reference(ranking[11])}", reserve);
        var rejectedFr = letters.Single(m => m.To.Mailboxes.Single().Address == Applicant(3)); // index 3 reads French
        Assert.Contains("Motif : Reviewers disagreed; the jury kept it out.", rejectedFr.TextBody);

        // The selected dossiers became grants through the grant-follow-up workflow.
        var grants = (await Node(await admin.GetAsync($"/api/grants?callId={d.CallId}"))).AsArray();
        Assert.Equal(10, grants.Count);
    }

    private static async Task ComplaintAndWithdrawalAsync(LifecycleDriver d, List<int> ranking)
    {
        var complainant = ranking[13];
        var filed = await (await d.AsAsync(Applicant(complainant))).PostAsJsonAsync($"/api/applications/{d.Dossiers[complainant]}/complaints",
            new { text = "One criterion was scored on an outdated budget annex." });
        await Expect(filed, HttpStatusCode.Created);
        var admin = await d.AsAsync(Admin);
        await Expect(await admin.PutAsJsonAsync($"/api/complaints/{(await Json(filed))["id"]}", new
        {
            outcome = "Upheld", reason = "The annex had been replaced in time.", action = "ChangeDecision", decision = new { outcome = "Reserve", reserveRank = 3 },
        }), HttpStatusCode.OK);
        Assert.Equal("Reserve", await d.StatusAsync(complainant));
        Assert.Single(await Reviews.Outbox.OfKindAsync(d.App, "complaint-received"));
        Assert.Single(await Reviews.Outbox.OfKindAsync(d.App, "complaint-outcome"));

        var withdrawing = ranking[9];
        await Expect(await (await d.AsAsync(Applicant(withdrawing))).PostAsync($"/api/applications/{d.Dossiers[withdrawing]}/withdraw", null), HttpStatusCode.OK);
        Assert.Equal("Withdrawn", await d.StatusAsync(withdrawing));
        Assert.Equal("Selected", await d.StatusAsync(ranking[10])); // first of the reserve list
        Assert.Single(await Reviews.Outbox.OfKindAsync(d.App, "decision-promoted"));
        var grants = (await Node(await admin.GetAsync($"/api/grants?callId={d.CallId}"))).AsArray();
        Assert.Equal("Cancelled", grants.Single(g => g!["reference"]!.GetValue<string>() == Reference(withdrawing))!["status"]!.GetValue<string>());
        Assert.Contains(grants, g => g!["reference"]!.GetValue<string>() == Reference(ranking[10]));
    }

    private static async Task GrantAsync(LifecycleDriver d, int dossier)
    {
        var grantId = (await GrantRowAsync(d.App, d.Dossiers[dossier])).Id;
        var beneficiary = Applicant(dossier);
        await d.MoveClockAsync(new DateTimeOffset(2027, 6, 15, 10, 0, 0, TimeSpan.Zero));
        var signed = (await PostAsync(await d.AsAsync(Admin), $"/api/grants/{grantId}/agreement", JsonContent.Create(new { signedDate = "2027-06-15", startDate = "2027-07-01" })))!;
        var (interim, final) = (IdOf(signed, "reports", "interim"), IdOf(signed, "reports", "final"));
        await PostAsync(await d.AsAsync(Admin), $"/api/grants/{grantId}/payments/{IdOf(signed, "tranches", "signature")}/paid", null);

        await d.MoveClockAsync(new DateTimeOffset(2028, 6, 20, 8, 0, 0, TimeSpan.Zero)); // the interim report's reminder fires
        Assert.Single(await Reviews.Outbox.OfKindAsync(d.App, "grant-report-reminder"));
        await PostAsync(await d.AsAsync(beneficiary), $"/api/grants/{grantId}/reports/{interim}", ValidReport("2"));
        await PostAsync(await d.AsAsync(Admin), $"/api/grants/{grantId}/reports/{interim}/request-changes", JsonContent.Create(new { reasons = "Add the partners' attendance figures." }));
        await PostAsync(await d.AsAsync(beneficiary), $"/api/grants/{grantId}/reports/{interim}", ValidReport("4"));
        await PostAsync(await d.AsAsync(Admin), $"/api/grants/{grantId}/reports/{interim}/approve", null);
        await PostAsync(await d.AsAsync(Admin), $"/api/grants/{grantId}/payments/{IdOf(signed, "tranches", "interim")}/paid", null);

        await d.MoveClockAsync(new DateTimeOffset(2029, 6, 10, 8, 0, 0, TimeSpan.Zero));
        await PostAsync(await d.AsAsync(beneficiary), $"/api/grants/{grantId}/reports/{final}", ValidReport("6"));
        await PostAsync(await d.AsAsync(Admin), $"/api/grants/{grantId}/reports/{final}/approve", null);
        var closed = (await PostAsync(await d.AsAsync(Admin), $"/api/grants/{grantId}/payments/{IdOf(signed, "tranches", "final")}/paid", null))!;
        Assert.Equal("Closed", closed["status"]!.GetValue<string>());
        Assert.Equal(80_000m, closed["paid"]!.GetValue<decimal>());
        Assert.Equal(["Paid", "Paid", "Paid"], closed["tranches"]!.AsArray().Select(t => t!["state"]!.GetValue<string>()));
        Assert.Single(await Reviews.Outbox.OfKindAsync(d.App, "grant-report-changes"));
        Assert.Equal(WorkflowStatus.Finished, (await InstanceAsync(d.App, d.Dossiers[dossier])).Status);
    }
}
