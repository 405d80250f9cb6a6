using System.Net;
using System.Net.Http.Json;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Lifecycle;

/// <summary>One assigned review as the administrators' list shows it.</summary>
public sealed record Assigned(Guid ReviewId, Guid ApplicationId, string ReviewerId);

/// <summary>
/// Drives a PTCE call through the API as its applicants, jury and administrators would. Clients sign in afresh on each use
/// because bearer tokens expire with the fake clock; moving the clock fires every durable timer then due, as Hangfire would.
/// </summary>
public sealed class LifecycleDriver(CallManagerApp app)
{
    public const string Admin = "admin@funder.example";
    public const int DossierCount = 40;
    public const int JurySize = 8;
    public static readonly DateTimeOffset ReviewDeadline = new(2027, 4, 30, 16, 0, 0, TimeSpan.Zero); // 18:00 in Paris
    public static readonly DateTimeOffset SelectionDeliberation = new(2027, 5, 20, 8, 0, 0, TimeSpan.Zero);

    public CallManagerApp App => app;
    public Guid CallId { get; private set; }
    public List<Guid> Dossiers { get; } = [];
    public List<Guid> Organisations { get; } = [];
    public List<string> ReviewerIds { get; } = [];

    public static string Applicant(int i) => $"applicant{i:00}@asso.example";
    public static string Reviewer(int r) => $"reviewer{r}@jury.example";
    public static string Language(int i) => i % 2 == 0 ? "en" : "fr";
    public static string Reference(int i) => $"PTCE-2027-{i + 1:0000}";

    /// <summary>A client signed in now as <paramref name="email"/>.</summary>
    public Task<HttpClient> AsAsync(string email) => app.LoginAsync(email);

    /// <summary>A published call (800 000 € envelope), 40 submitted dossiers of 80 000 €, declared admissible after the deadline.</summary>
    public async Task SubmitAsync()
    {
        await app.CreateUserAsync(Admin, Roles.Administrator);
        var admin = await AsAsync(Admin);
        var created = await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(Phases, budget: 800_000m, maxGrant: 100_000m));
        await Expect(created, HttpStatusCode.Created);
        CallId = (await Json(created))["id"]!.GetValue<Guid>();
        await Expect(await admin.PostAsync($"/api/calls/{CallId}/publish", null), HttpStatusCode.OK);
        for (var i = 0; i < DossierCount; i++)
        {
            var applicant = await app.ClientAsAsync(Applicant(i), Roles.Applicant, Language(i));
            Organisations.Add(await CreateOrganisationAsync(applicant, i));
            Dossiers.Add(await CreateDraftAsync(applicant, CallId, Organisations[i]));
            await CompleteAsync(applicant, Dossiers[i], i);
            await Expect(await applicant.PostAsync($"/api/applications/{Dossiers[i]}/submit", null), HttpStatusCode.OK);
        }
        await MoveClockAsync(Deadline.AddDays(1));
        admin = await AsAsync(Admin);
        foreach (var id in Dossiers)
            await Expect(await admin.PostAsJsonAsync($"/api/applications/{id}/admissibility", new { decision = "Admissible", reason = "Dossier complet." }), HttpStatusCode.OK);
    }

    /// <summary>Invites 8 reviewers; reviewers 0 and 1 declare a conflict with the lead organisation of dossiers 0 and 1; all confirm.</summary>
    public async Task InviteJuryAsync()
    {
        var admin = await AsAsync(Admin);
        for (var r = 0; r < JurySize; r++)
        {
            ReviewerIds.Add((await app.CreateUserAsync(Reviewer(r), Roles.Reviewer, r % 2 == 0 ? "fr" : "en")).Id);
            await Expect(await admin.PostAsJsonAsync($"/api/calls/{CallId}/jury", new { email = Reviewer(r), themes = new[] { "alimentation" } }), HttpStatusCode.Created);
            var reviewer = await AsAsync(Reviewer(r));
            if (r < 2)
                await Expect(await reviewer.PostAsJsonAsync($"/api/calls/{CallId}/conflicts", new { organisationId = Organisations[r], type = "BoardMember" }), HttpStatusCode.Created);
            await Expect(await reviewer.PostAsync($"/api/calls/{CallId}/conflicts/confirm", null), HttpStatusCode.OK);
        }
    }

    /// <summary>Every assignment of the call.</summary>
    public async Task<List<Assigned>> AssignmentsAsync()
    {
        var list = await Node(await (await AsAsync(Admin)).GetAsync($"/api/calls/{CallId}/assignments"));
        return list.AsArray().Select(a => new Assigned(a!["reviewId"]!.GetValue<Guid>(), a["applicationId"]!.GetValue<Guid>(), a["reviewerId"]!.GetValue<string>())).ToList();
    }

    /// <summary>Reviewer <paramref name="r"/> scores and submits each of their reviews (see <see cref="Scores"/>).</summary>
    public async Task ReviewAllAsync(int r, List<Assigned> assignments)
    {
        var reviewer = await AsAsync(Reviewer(r));
        foreach (var a in assignments.Where(a => a.ReviewerId == ReviewerIds[r]))
        {
            var dossier = Dossiers.IndexOf(a.ApplicationId);
            var position = assignments.Where(x => x.ApplicationId == a.ApplicationId).OrderBy(x => x.ReviewerId, StringComparer.Ordinal).ToList().IndexOf(a);
            var body = new
            {
                scores = PtceCall.Criteria.Select(c => new { key = c.Key, score = Scores(dossier, position, c.Key), comment = $"{c.Key}: noted." }).ToArray(),
                overallComment = $"Overall view on {Reference(dossier)}.", confidence = 2,
            };
            await Expect(await reviewer.PutAsJsonAsync($"/api/reviews/{a.ReviewId}", body), HttpStatusCode.OK);
            await Expect(await reviewer.PostAsync($"/api/reviews/{a.ReviewId}/submit", null), HttpStatusCode.OK);
        }
    }

    /// <summary>
    /// Dossier 0: 5 everywhere (100). 1 and 2: 4 except mutualisation/anchoring 3/5 and 5/3 — both 80, the tie broken on
    /// territorial anchoring. 3: its reviewers give 5, 2 and 3 (mean 66.67, disputed). 4–12: 4 except jobs 3 (78).
    /// 13–25: 3 (60). 26–39: 2 (40, below the threshold).
    /// </summary>
    public static int Scores(int dossier, int position, string criterion) => dossier switch
    {
        0 => 5,
        1 => criterion switch { "mutualisation" => 3, "territorial-anchoring" => 5, _ => 4 },
        2 => criterion switch { "mutualisation" => 5, "territorial-anchoring" => 3, _ => 4 },
        3 => new[] { 5, 2, 3 }[position],
        <= 12 => criterion == "jobs-created" ? 3 : 4,
        <= 25 => 3,
        _ => 2,
    };

    /// <summary>The status of dossier <paramref name="i"/> as administrators read it.</summary>
    public async Task<string> StatusAsync(int i) =>
        (await Json(await (await AsAsync(Admin)).GetAsync($"/api/applications/{Dossiers[i]}")))["status"]!.GetValue<string>();

    /// <summary>Moves the clock and fires every timer then due (repeatedly: a fired timer may set the next one already due).</summary>
    public async Task MoveClockAsync(DateTimeOffset to)
    {
        app.Clock.SetUtcNow(to);
        await DueTimers.FireUntilQuietAsync(app.Services, to);
    }
}
