using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Selection;

/// <summary>
/// Brings a PTCE call to deliberation: dossiers submitted through the API and declared admissible, then jury members,
/// conflicts and submitted reviews written directly (the review stage is built elsewhere). Clients are signed in afresh on
/// each use because bearer tokens expire with the fake clock.
/// </summary>
public sealed class SelectionDriver(CallManagerApp app)
{
    public const string Admin = "admin@funder.example";
    public static readonly DateTimeOffset Deliberation = new(2027, 5, 20, 8, 0, 0, TimeSpan.Zero);

    public Guid CallId { get; private set; }
    public List<Guid> Dossiers { get; } = [];
    public List<Guid> Organisations { get; } = [];
    public List<string> Reviewers { get; } = [];

    public static string Applicant(int i) => $"applicant{i:00}@asso.example";
    public static string Language(int i) => i % 2 == 0 ? "en" : "fr";
    public static string Reference(int i) => $"PTCE-2027-{i + 1:0000}";

    /// <summary>A client signed in now as <paramref name="email"/>.</summary>
    public Task<HttpClient> AsAsync(string email) => app.LoginAsync(email);

    /// <summary>Call with a 200 000 € envelope, <paramref name="count"/> admissible dossiers of 80 000 €, clock after the deadline.</summary>
    public async Task PrepareAsync(int count)
    {
        await app.CreateUserAsync(Admin, Roles.Administrator);
        var admin = await AsAsync(Admin);
        var created = await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(Phases, budget: 200_000m, maxGrant: 100_000m));
        await Expect(created, HttpStatusCode.Created);
        CallId = (await Json(created))["id"]!.GetValue<Guid>();
        await Expect(await admin.PostAsync($"/api/calls/{CallId}/publish", null), HttpStatusCode.OK);
        for (var i = 0; i < count; i++)
        {
            var applicant = await app.ClientAsAsync(Applicant(i), Roles.Applicant, Language(i));
            Organisations.Add(await CreateOrganisationAsync(applicant, i));
            Dossiers.Add(await CreateDraftAsync(applicant, CallId, Organisations[i]));
            await CompleteAsync(applicant, Dossiers[i], i);
            await Expect(await applicant.PostAsync($"/api/applications/{Dossiers[i]}/submit", null), HttpStatusCode.OK);
        }
        app.Clock.SetUtcNow(Deadline.AddDays(1));
        admin = await AsAsync(Admin);
        foreach (var id in Dossiers)
            await Expect(await admin.PostAsJsonAsync($"/api/applications/{id}/admissibility", new { decision = "Admissible", reason = "Dossier complet." }), HttpStatusCode.OK);
    }

    /// <summary>Creates <paramref name="count"/> reviewers sitting on the call's jury.</summary>
    public async Task AddJuryAsync(int count)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        for (var i = 0; i < count; i++)
        {
            var user = await app.CreateUserAsync($"reviewer{i}@jury.example", Roles.Reviewer);
            Reviewers.Add(user.Id);
            db.Add(new JuryMember { CallId = CallId, UserId = user.Id, InvitedBy = "admin", InvitedAt = app.Clock.GetUtcNow(), ConflictsConfirmedAt = app.Clock.GetUtcNow() });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Declares reviewer <paramref name="reviewer"/> conflicted with dossier <paramref name="dossier"/>'s lead organisation.</summary>
    public async Task ConflictAsync(int reviewer, int dossier)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        db.Add(new ConflictOfInterest { CallId = CallId, UserId = Reviewers[reviewer], OrganisationId = Organisations[dossier], Type = ConflictType.Employee,
            DeclaredBy = Reviewers[reviewer], DeclaredAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    /// <summary>A submitted review of dossier <paramref name="dossier"/> by reviewer <paramref name="reviewer"/>: the same score on every criterion except those given.</summary>
    public async Task ReviewAsync(int reviewer, int dossier, decimal score, Dictionary<string, decimal>? except = null, string? comment = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        db.Add(new Review
        {
            CallId = CallId, ApplicationId = Dossiers[dossier], ReviewerId = Reviewers[reviewer], Status = ReviewStatus.Submitted, AssignedBy = "admin",
            AssignedAt = app.Clock.GetUtcNow(), SubmittedAt = app.Clock.GetUtcNow(), Confidence = 2, OverallComment = comment,
            Scores = PtceCall.Criteria.Select(c => new CriterionScore(c.Key, except?.GetValueOrDefault(c.Key, score) ?? score,
                c.Key == "mutualisation" && comment is not null ? "Mutualisation: " + comment : null)).ToList(),
        });
        await db.SaveChangesAsync();
    }
}
