using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Reviews;

/// <summary>A published call with admissible dossiers, ready for its jury; everything set up through HTTP.</summary>
public sealed record ReviewSetup(HttpClient Admin, Guid CallId, Guid[] Dossiers, Guid[] Leads, HttpClient[] Applicants);

/// <summary>Drives the review API as administrators and reviewers would.</summary>
public static class ReviewDriver
{
    /// <summary>A published PTCE call (or <paramref name="input"/>) with <paramref name="dossiers"/> submitted, admissible dossiers.</summary>
    public static async Task<ReviewSetup> SetUpAsync(CallManagerApp app, int dossiers, CallInput? input = null, int seedBase = 0, HttpClient? admin = null)
    {
        admin ??= await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var created = await admin.PostAsJsonAsync("/api/calls", input ?? PtceCall.Input(Phases));
        await Expect(created, HttpStatusCode.Created);
        var callId = (await Json(created))["id"]!.GetValue<Guid>();
        await Expect(await admin.PostAsync($"/api/calls/{callId}/publish", null), HttpStatusCode.OK);
        var (ids, leads, clients) = (new Guid[dossiers], new Guid[dossiers], new HttpClient[dossiers]);
        for (var i = 0; i < dossiers; i++)
        {
            var seed = seedBase + i;
            clients[i] = await app.ClientAsAsync($"applicant{seed}@asso.example", Roles.Applicant);
            leads[i] = await CreateOrganisationAsync(clients[i], seed);
            ids[i] = await CreateDraftAsync(clients[i], callId, leads[i]);
            await CompleteAsync(clients[i], ids[i], seed);
            await Expect(await clients[i].PostAsync($"/api/applications/{ids[i]}/submit", null), HttpStatusCode.OK);
            await Expect(await admin.PostAsJsonAsync($"/api/applications/{ids[i]}/admissibility", new { decision = "Admissible", reason = "Complet." }), HttpStatusCode.OK);
        }
        return new ReviewSetup(admin, callId, ids, leads, clients);
    }

    /// <summary>Invites <paramref name="email"/> (an account with a password is created first) and, when asked, confirms their declaration; returns their client and user id.</summary>
    public static async Task<(HttpClient Client, string UserId)> ReviewerAsync(CallManagerApp app, HttpClient admin, Guid callId, string email,
        bool confirm = true, string[]? themes = null, int? maxLoad = null, string language = "fr")
    {
        var user = await app.CreateUserAsync(email, Roles.Reviewer, language);
        await InviteAsync(admin, callId, email, themes, maxLoad);
        var client = await app.LoginAsync(email);
        if (confirm) await Expect(await client.PostAsync($"/api/calls/{callId}/conflicts/confirm", null), HttpStatusCode.OK);
        return (client, user.Id);
    }

    /// <summary>Invites an existing or new account to the jury.</summary>
    public static async Task InviteAsync(HttpClient admin, Guid callId, string email, string[]? themes = null, int? maxLoad = null) =>
        await Expect(await admin.PostAsJsonAsync($"/api/calls/{callId}/jury", new { email, themes = themes ?? ["alimentation"], maxLoad }), HttpStatusCode.Created);

    /// <summary>Assigns a reviewer by hand; returns the review id.</summary>
    public static async Task<Guid> AssignAsync(HttpClient admin, Guid callId, Guid applicationId, string reviewerId)
    {
        var response = await admin.PostAsJsonAsync($"/api/calls/{callId}/assignments", new { applicationId, reviewerId });
        await Expect(response, HttpStatusCode.Created);
        return (await Json(response))["reviewId"]!.GetValue<Guid>();
    }

    /// <summary>Fills in <paramref name="review"/> completely (<see cref="CompleteReview"/>) and submits it as <paramref name="reviewer"/>.</summary>
    public static async Task SubmitCompleteAsync(HttpClient reviewer, Guid review)
    {
        await Expect(await reviewer.PutAsJsonAsync($"/api/reviews/{review}", CompleteReview()), HttpStatusCode.OK);
        await Expect(await reviewer.PostAsync($"/api/reviews/{review}/submit", null), HttpStatusCode.OK);
    }

    /// <summary>
    /// Two jury members: slow@expert.example (French) with draft reviews of dossiers 0 and 1, and done@expert.example
    /// (English) who reviewed dossier 0 and submitted. Returns slow's client and both user ids.
    /// </summary>
    public static async Task<(HttpClient Slow, string SlowId, string DoneId)> SlowAndDoneReviewersAsync(CallManagerApp app, ReviewSetup setup)
    {
        var (slow, slowId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "slow@expert.example");
        var (done, doneId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "done@expert.example", language: "en");
        await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], slowId);
        await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[1], slowId);
        await SubmitCompleteAsync(done, await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], doneId));
        return (slow, slowId, doneId);
    }

    /// <summary>Scores for every PTCE criterion (all <paramref name="score"/>), with comments.</summary>
    public static object CompleteReview(int score = 4, int confidence = 2) => new
    {
        scores = PtceCall.Criteria.Select(c => new { key = c.Key, score, comment = $"Comment on {c.Key}." }).ToArray(),
        overallComment = "Solid project.", confidence,
    };

    /// <summary>The detail message of a problem response.</summary>
    public static async Task<string> DetailAsync(HttpResponseMessage response) => (await Json(response))["detail"]!.GetValue<string>();
}
