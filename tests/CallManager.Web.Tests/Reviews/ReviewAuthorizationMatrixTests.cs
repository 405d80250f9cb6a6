using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using static CallManager.Web.Tests.Reviews.ReviewDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Reviews;

/// <summary>
/// Every review endpoint (and the dossier paths) tried as anonymous, the dossier's applicant, its assigned reviewer, a reviewer
/// conflicted with it (after submitting a review of it), an assigned reviewer who has not confirmed the declaration, a reviewer
/// of another call, and an administrator.
/// </summary>
[Collection(WebCollection.Name)]
public class ReviewAuthorizationMatrixTests
{
    private sealed record Row(string Name, HttpMethod Method, string Url, Func<HttpContent?> Body, params HttpStatusCode[] Expected);

    [Fact]
    public async Task Every_review_endpoint_answers_the_right_status_to_each_kind_of_caller()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 2);
        var other = await SetUpAsync(app, dossiers: 1, PtceCallInput("OTHER-1"), seedBase: 10, admin: setup.Admin);
        var (assigned, assignedId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "assigned@expert.example");
        var (conflicted, conflictedId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "conflicted@expert.example");
        var (unconfirmed, unconfirmedId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "unconfirmed@expert.example", confirm: false);
        var (outsider, outsiderId) = await ReviewerAsync(app, setup.Admin, other.CallId, "outsider@expert.example");
        var d = setup.Dossiers[0];
        var review = await AssignAsync(setup.Admin, setup.CallId, d, assignedId);
        var setAside = await AssignAsync(setup.Admin, setup.CallId, d, conflictedId);
        await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[1], conflictedId);
        await AssignAsync(setup.Admin, setup.CallId, d, unconfirmedId);
        await AssignAsync(setup.Admin, other.CallId, other.Dossiers[0], outsiderId);
        await SubmitCompleteAsync(conflicted, setAside);
        await Expect(await conflicted.PostAsJsonAsync($"/api/calls/{setup.CallId}/conflicts", new { organisationId = setup.Leads[0], type = "Employee" }), HttpStatusCode.Created);
        var attachment = (await Json(await setup.Admin.GetAsync($"/api/applications/{d}")))["attachments"]![0]!["id"]!.GetValue<Guid>();
        var call = setup.CallId;
        var none = () => (HttpContent?)null;
        var scores = () => (HttpContent?)JsonContent.Create(new { confidence = 2 });
        const HttpStatusCode ok = HttpStatusCode.OK, created = HttpStatusCode.Created, unauthorized = HttpStatusCode.Unauthorized,
            forbidden = HttpStatusCode.Forbidden, notFound = HttpStatusCode.NotFound;

        //                                                                    anonymous     applicant  assigned   conflicted unconfirmed other-call admin
        Row[] rows =
        [
            new("read dossier", HttpMethod.Get, $"/api/applications/{d}", none, unauthorized, ok, ok, notFound, forbidden, notFound, ok),
            new("download", HttpMethod.Get, $"/api/applications/{d}/attachments/{attachment}", none, unauthorized, ok, ok, notFound, forbidden, notFound, ok),
            new("dossier reviews", HttpMethod.Get, $"/api/applications/{d}/reviews", none, unauthorized, forbidden, forbidden, notFound, forbidden, notFound, ok),
            new("my reviews", HttpMethod.Get, "/api/reviews", none, unauthorized, forbidden, ok, ok, ok, ok, ok),
            new("read review", HttpMethod.Get, $"/api/reviews/{review}", none, unauthorized, forbidden, ok, notFound, notFound, notFound, ok),
            new("save review", HttpMethod.Put, $"/api/reviews/{review}", scores, unauthorized, forbidden, ok, notFound, notFound, notFound, forbidden),
            new("read set-aside review", HttpMethod.Get, $"/api/reviews/{setAside}", none, unauthorized, forbidden, notFound, forbidden, notFound, notFound, ok),
            new("submit set-aside review", HttpMethod.Post, $"/api/reviews/{setAside}/submit", none, unauthorized, forbidden, notFound, forbidden, notFound, notFound, forbidden),
            new("list jury", HttpMethod.Get, $"/api/calls/{call}/jury", none, unauthorized, forbidden, forbidden, forbidden, forbidden, forbidden, ok),
            new("list assignments", HttpMethod.Get, $"/api/calls/{call}/assignments", none, unauthorized, forbidden, forbidden, forbidden, forbidden, forbidden, ok),
            new("list conflicts", HttpMethod.Get, $"/api/calls/{call}/conflicts", none, unauthorized, forbidden, ok, ok, ok, forbidden, ok),
            new("invite", HttpMethod.Post, $"/api/calls/{call}/jury", () => JsonContent.Create(new { email = "new@expert.example" }),
                unauthorized, forbidden, forbidden, forbidden, forbidden, forbidden, created),
            new("confirm declaration", HttpMethod.Post, $"/api/calls/{call}/conflicts/confirm", none, unauthorized, forbidden, ok, ok, ok, forbidden, forbidden),
            new("auto-assign", HttpMethod.Post, $"/api/calls/{call}/assignments/auto", () => JsonContent.Create(new { reviewersPerDossier = 1 }),
                unauthorized, forbidden, forbidden, forbidden, forbidden, forbidden, ok),
        ];

        var callers = new[] { ("anonymous", app.CreateClient()), ("applicant", setup.Applicants[0]), ("assigned", assigned), ("conflicted", conflicted),
            ("unconfirmed", unconfirmed), ("other-call", outsider), ("admin", setup.Admin) };
        var failures = new List<string>();
        foreach (var row in rows)
        {
            for (var i = 0; i < callers.Length; i++)
            {
                using var response = await callers[i].Item2.SendAsync(new HttpRequestMessage(row.Method, row.Url) { Content = row.Body() });
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != row.Expected[i]) failures.Add($"{row.Name} as {callers[i].Item1}: expected {(int)row.Expected[i]}, got {(int)response.StatusCode} {body}");
                if (callers[i].Item1 is "conflicted" or "other-call" && body.Contains("PTCE-2027-0001")) failures.Add($"{row.Name} as {callers[i].Item1} leaked the dossier: {body}");
            }
        }
        Assert.Empty(failures);
    }

    private static CallManager.Domain.Calls.CallInput PtceCallInput(string code) => CallManager.Domain.Calls.PtceCall.Input(Phases, code);
}
