using System.Net;
using System.Net.Http.Json;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Instances;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>Timers follow the data: a published call's dates moved by an administrator move its workflow's timers with them.</summary>
[Collection(WebCollection.Name)]
public class CallDatesMoveTimersTests
{
    private static readonly DateTimeOffset NewDeadline = new(2027, 3, 10, 11, 0, 0, TimeSpan.Zero); // 12:00 in Paris

    [Fact]
    public async Task A_deadline_moved_earlier_moves_the_three_days_reminder_and_closes_submissions_at_the_new_instant()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await CreatePublishedCallAsync(admin);
        Assert.Equal(Deadline.AddHours(-72), await DueAsync(app, callId, "waitForReminder"));

        // The opening, already reached, is sent back unchanged in UTC form: the same instant, so not a change.
        var phases = Phases with { OpensAt = new DateTime(2027, 2, 1, 8, 0, 0, DateTimeKind.Utc), SubmissionDeadline = new DateTime(2027, 3, 10, 12, 0, 0) };
        await Expect(await admin.PutAsJsonAsync($"/api/calls/{callId}", PtceCall.Input(phases)), HttpStatusCode.OK);

        Assert.Equal(NewDeadline.AddHours(-72), await DueAsync(app, callId, "waitForReminder"));
        app.Clock.SetUtcNow(NewDeadline.AddHours(-72).AddSeconds(-1));
        Assert.Equal(0, await app.FireDueTimersAsync("ptce-call"));
        app.Clock.SetUtcNow(NewDeadline.AddHours(-72));
        Assert.Equal(1, await app.FireDueTimersAsync("ptce-call"));
        Assert.Equal(NewDeadline, await DueAsync(app, callId, "waitForDeadline"));

        app.Clock.SetUtcNow(NewDeadline);
        Assert.Equal(1, await app.FireDueTimersAsync("ptce-call"));
        Assert.Equal(1, await ClosedCountAsync(app, callId));
    }

    [Fact]
    public async Task A_reached_phase_sent_with_another_instant_is_still_refused()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await CreatePublishedCallAsync(admin);

        var phases = Phases with { OpensAt = new DateTime(2027, 2, 1, 9, 0, 0, DateTimeKind.Utc) }; // 10:00 in Paris: an hour later
        var refused = await admin.PutAsJsonAsync($"/api/calls/{callId}", PtceCall.Input(phases));

        await Expect(refused, HttpStatusCode.Conflict);
        Assert.Contains("phases.opensAt (already reached)", (await Json(refused))["detail"]!.GetValue<string>());
    }

    private static async Task<DateTimeOffset?> DueAsync(CallManagerApp app, Guid callId, string activityId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        return await db.Set<WorkflowBookmark>().Where(b => b.CorrelationId == callId.ToString() && b.ActivityId == activityId)
            .Select(b => b.DueAt).SingleOrDefaultAsync();
    }

    private static async Task<int> ClosedCountAsync(CallManagerApp app, Guid callId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<AuditEntry>()
            .CountAsync(e => e.CallId == callId && e.Action == "call.submissions-closed");
    }
}
