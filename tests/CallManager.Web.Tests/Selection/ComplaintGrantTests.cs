using System.Net;
using System.Net.Http.Json;
using CallManager.Domain.Grants;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using CallManager.Runtime.Instances;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Grants.GrantDriver;
using static CallManager.Web.Tests.Selection.SelectionDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Selection;

/// <summary>
/// A selected dossier that loses its selection through an upheld complaint loses its grant too; selected again, it gets a
/// new grant and the cancelled one stays as history.
/// </summary>
[Collection(WebCollection.Name)]
public class ComplaintGrantTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_upheld_complaint_that_unselects_a_dossier_cancels_its_grant_and_a_new_selection_opens_a_new_one(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var d = new SelectionDriver(app);
        await d.PrepareAsync(2);
        await d.AddJuryAsync(1);
        await d.ReviewAsync(0, 0, 5);
        await d.ReviewAsync(0, 1, 4);
        app.Clock.SetUtcNow(Deliberation);
        var admin = await d.AsAsync(Admin);
        foreach (var dossier in d.Dossiers)
            await Expect(await admin.PutAsJsonAsync($"/api/applications/{dossier}/decision", new { outcome = "Selected", grantedAmount = 80_000 }), HttpStatusCode.OK);
        await Expect(await admin.PostAsync($"/api/calls/{d.CallId}/decisions/publish", null), HttpStatusCode.OK);
        foreach (var dossier in d.Dossiers) Assert.Equal(GrantStatus.AwaitingSignature, (await GrantRowAsync(app, dossier)).Status);

        // A competitor's complaint is upheld: dossier 1 is rejected instead, dossier 0 goes back to review.
        var complaints = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var filed = await (await d.AsAsync(Applicant(i))).PostAsJsonAsync($"/api/applications/{d.Dossiers[i]}/complaints", new { text = "Réexamen demandé." });
            await Expect(filed, HttpStatusCode.Created);
            complaints.Add((await Json(filed))["id"]!.GetValue<Guid>());
        }
        admin = await d.AsAsync(Admin);
        await Expect(await admin.PutAsJsonAsync($"/api/complaints/{complaints[0]}", new { outcome = "Upheld", reason = "A review was incomplete.", action = "ReturnToReview" }),
            HttpStatusCode.OK);
        await Expect(await admin.PutAsJsonAsync($"/api/complaints/{complaints[1]}", new
        {
            outcome = "Upheld", reason = "Ineligible partner found.", action = "ChangeDecision", decision = new { outcome = "Rejected", reason = "Ineligible partner." },
        }), HttpStatusCode.OK);

        foreach (var dossier in d.Dossiers)
        {
            Assert.Equal(GrantStatus.Cancelled, (await GrantRowAsync(app, dossier)).Status);
            // Woken, not left waiting for reminders: no timer, only the wait for a new selection.
            Assert.Equal(WorkflowStatus.Suspended, (await InstanceAsync(app, dossier)).Status);
            Assert.Empty(await TimersAsync(app, dossier));
        }
        var cancelled = await Node(await admin.GetAsync($"/api/grants?callId={d.CallId}&status=Cancelled"));
        Assert.Equal(2, cancelled.AsArray().Count);

        // Dossier 0, reviewed again, is selected again: a new grant, the cancelled one kept as history.
        await Expect(await admin.PutAsJsonAsync($"/api/applications/{d.Dossiers[0]}/decision", new { outcome = "Selected", grantedAmount = 70_000 }), HttpStatusCode.OK);
        await Expect(await admin.PostAsync($"/api/calls/{d.CallId}/decisions/publish", null), HttpStatusCode.OK);
        var grants = (await Node(await admin.GetAsync($"/api/grants?callId={d.CallId}"))).AsArray()
            .Select(g => (Reference: g!["reference"]!.GetValue<string>(), Status: g["status"]!.GetValue<string>(), Amount: g["amount"]!.GetValue<decimal>()))
            .OrderBy(g => g.Reference).ThenBy(g => g.Status).ToList();
        var (first, second) = (await ReferenceAsync(app, d.Dossiers[0]), await ReferenceAsync(app, d.Dossiers[1]));
        Assert.Equal([(first, "AwaitingSignature", 70_000m), (first, "Cancelled", 80_000m), (second, "Cancelled", 80_000m)], grants);
        Assert.Equal(WorkflowStatus.Suspended, (await InstanceAsync(app, d.Dossiers[0])).Status);

        // The applicant's history shows both grants: opened, cancelled, opened again.
        var history = await (await d.AsAsync(Applicant(0))).GetAsync("/Applicant");
        await Expect(history, HttpStatusCode.OK);
        var html = await history.Content.ReadAsStringAsync();
        Assert.True(html.Contains("Subvention annulée") || html.Contains("Grant cancelled"), "The timeline shows the cancelled grant.");
    }

    private static async Task<string> ReferenceAsync(CallManagerApp app, Guid dossier)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<Application>().Where(a => a.Id == dossier).Select(a => a.Reference).SingleAsync();
    }
}
