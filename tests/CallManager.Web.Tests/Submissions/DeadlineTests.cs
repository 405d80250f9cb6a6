using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>Grace period and daylight-saving edges of the call's time zone, through the API.</summary>
[Collection(WebCollection.Name)]
public class DeadlineTests
{
    [Fact]
    public async Task Submit_is_accepted_within_the_grace_period_and_refused_one_second_after_it()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await CreatePublishedCallAsync(admin, graceMinutes: 5);
        var ids = new List<Guid>();
        foreach (var i in new[] { 1, 2 })
        {
            using var applicant = await app.ClientAsAsync($"a{i}@asso.example", Roles.Applicant, "en");
            var id = await CreateDraftAsync(applicant, callId, await CreateOrganisationAsync(applicant, i));
            await CompleteAsync(applicant, id, i);
            ids.Add(id);
        }

        app.Clock.SetUtcNow(Deadline.AddMinutes(5));
        using (var first = await app.LoginAsync("a1@asso.example"))
            await Expect(await first.PostAsync($"/api/applications/{ids[0]}/submit", null), HttpStatusCode.OK);
        app.Clock.SetUtcNow(Deadline.AddMinutes(5).AddSeconds(1));
        using var second = await app.LoginAsync("a2@asso.example");
        var late = await second.PostAsync($"/api/applications/{ids[1]}/submit", null);

        await Expect(late, HttpStatusCode.Conflict);
        Assert.Equal("The submission deadline was 15 March 2027 at 12:00 (Europe/Paris): the dossier can no longer be changed, submitted or withdrawn.",
            (await Json(late))["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2027-03-27T12:00:00", "2027-03-27T11:00:00Z")] // winter time, UTC+1
    [InlineData("2027-03-28T12:00:00", "2027-03-28T10:00:00Z")] // summer time from 28 March 02:00, UTC+2
    [InlineData("2027-03-28T03:00:00", "2027-03-28T01:00:00Z")] // first valid minute after the jump
    [InlineData("2027-10-31T02:30:00", "2027-10-31T00:30:00Z")] // ambiguous: the first occurrence (summer time)
    [InlineData("2027-10-31T03:00:00", "2027-10-31T02:00:00Z")] // back to winter time
    public async Task A_deadline_entered_in_Paris_local_time_is_stored_as_the_right_instant_across_daylight_saving(string local, string utc)
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var phases = new CallPhasesInput(new(2027, 2, 1, 9, 0, 0), DateTime.Parse(local), new(2027, 11, 30, 18, 0, 0), new(2027, 12, 10, 10, 0, 0), new(2027, 12, 20, 10, 0, 0));

        var created = await Json(await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(phases)));

        Assert.Equal(DateTimeOffset.Parse(utc), created["phasesUtc"]!["submissionDeadline"]!.GetValue<DateTimeOffset>());
        Assert.Equal(local, created["phases"]!["submissionDeadline"]!.GetValue<string>());
    }
}
