using CallManager.Domain.Calls;
using CallManager.Domain.Grants;
using CallManager.Domain.Persistence;
using CallManager.Domain.Tests.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Tests.Grants;

/// <summary>
/// A dossier selected, unselected by an upheld complaint (its grant cancelled), then selected again gets a new grant that
/// its follow-up workflow drives like the first; the cancelled grant stays as history and its timer is gone.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class ReselectGrantTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_dossier_selected_again_gets_a_new_grant_with_its_own_reminders_and_the_cancelled_one_stays(DatabaseProvider provider)
    {
        await using var s = await GrantScenario.CreateAsync(provider);
        var (dossier, other) = (s.Dossiers[0], s.Dossiers[1]);
        await s.StageAsync(dossier);
        await s.StageAsync(other);
        await s.PublishAsync();
        var first = Assert.Single(await s.GrantsAsync(dossier));
        await s.SignAsync(first.Id);
        var instance = Assert.Single(await s.InstancesAsync(dossier));
        var firstTimer = Assert.Single(await s.Host.BookmarksAsync(instance.Id), b => b.DueAt is not null);

        s.Host.Clock.Advance(TimeSpan.FromDays(3));
        await s.UpholdComplaintAsync(dossier);

        Assert.Equal(GrantStatus.Cancelled, Assert.Single(await s.GrantsAsync(dossier)).Status);
        instance = Assert.Single(await s.InstancesAsync(dossier));
        Assert.Equal(WorkflowStatus.Suspended, instance.Status);
        var waiting = Assert.Single(await s.Host.BookmarksAsync(instance.Id)); // the reminder timer is gone
        Assert.Equal(("DossierSelected", (DateTimeOffset?)null), (waiting.Name, waiting.DueAt));
        await s.Host.PerformJobAsync(instance.Id, firstTimer.Id); // the old timer's job, had Hangfire kept it: nothing happens
        Assert.Equal([waiting.Id], (await s.Host.BookmarksAsync(instance.Id)).Select(b => b.Id));

        // The call's grant terms change before the dossier is selected again: the new grant follows the current ones.
        await using (var db = s.Database.NewContext())
        {
            var call = await db.Set<Call>().SingleAsync(c => c.Id == s.CallId);
            call.GrantTerms = call.GrantTerms with { Tranches = [new("signature", 70m, null), new("final", 30m, "final")] };
            await db.SaveChangesAsync();
        }
        s.Host.Clock.Advance(TimeSpan.FromDays(3));
        await s.StageAsync(dossier);
        Assert.Equal(1, (await s.PublishAsync()).StimuliSent);

        Assert.Empty(await s.IncidentsAsync());
        var grants = await s.GrantsAsync(dossier);
        Assert.Equal([GrantStatus.Cancelled, GrantStatus.AwaitingSignature], grants.Select(g => g.Status));
        var (cancelled, renewed) = (grants[0], grants[1]);
        Assert.Equal(first.Id, cancelled.Id);
        Assert.Equal([40_000m, 24_000m, 16_000m], cancelled.Tranches.OrderBy(t => t.Position).Select(t => t.Amount));
        Assert.Equal([("signature", 56_000m), ("final", 24_000m)], renewed.Tranches.OrderBy(t => t.Position).Select(t => (t.Key, t.Amount)));
        Assert.Equal([("interim", GrantReportStatus.Due), ("final", GrantReportStatus.Due)], renewed.Reports.OrderBy(r => r.Position).Select(r => (r.Key, r.Status)));
        await using (var db = s.Database.NewContext())
            Assert.Equal(renewed.Id, (await db.Set<Grant>().CurrentAsync(dossier))!.Id);

        instance = Assert.Single(await s.InstancesAsync(dossier)); // the same instance follows the new grant
        Assert.Equal(WorkflowStatus.Suspended, instance.Status);
        Assert.Contains($"\"GrantId\":\"{renewed.Id}\"", instance.VariablesJson);
        Assert.Equal(["GrantChanged"], (await s.Host.BookmarksAsync(instance.Id)).Select(b => b.Name)); // no timer before signature

        await s.SignAsync(renewed.Id);
        var interim = (await s.GrantsAsync(dossier))[1].Reports.Single(r => r.Key == "interim");
        var timer = Assert.Single(await s.Host.BookmarksAsync(instance.Id), b => b.DueAt is not null);
        Assert.Equal(interim.DueAt!.Value.AddDays(-14), timer.DueAt);

        s.Host.Clock.SetUtcNow(timer.DueAt!.Value);
        Assert.Equal(1, await DueTimers.FireAsync(s.Host.Services, s.Host.Clock.GetUtcNow(), GrantScenario.FollowUp));
        Assert.Equal(0, await DueTimers.FireAsync(s.Host.Services, s.Host.Clock.GetUtcNow(), GrantScenario.FollowUp));
        s.Host.Clock.SetUtcNow(interim.DueAt!.Value);
        Assert.Equal(1, await DueTimers.FireAsync(s.Host.Services, s.Host.Clock.GetUtcNow(), GrantScenario.FollowUp));

        var reminders = (await s.MailsAsync(GrantMails.ReportReminder)).Concat(await s.MailsAsync(GrantMails.ReportOverdue)).ToList();
        Assert.Equal([$"grant:{renewed.Id}", $"grant:{renewed.Id}"], reminders.Select(m => m.CorrelationId));
        await s.DispatchAsync();
        var received = (await s.Smtp.WaitForAsync(1)).Where(m => reminders.Any(r => r.Subject == m.Subject)).ToList();
        Assert.Equal(2, received.Count);
        Assert.All(received, m => Assert.Equal("lead0@ptce.example", m.To.Mailboxes.Single().Address));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_withdrawn_dossier_cancels_its_grant_and_finishes_its_workflow(DatabaseProvider provider)
    {
        await using var s = await GrantScenario.CreateAsync(provider, dossiers: 1);
        var dossier = s.Dossiers[0];
        await s.StageAsync(dossier);
        await s.PublishAsync();
        await s.SignAsync(Assert.Single(await s.GrantsAsync(dossier)).Id);

        await s.WithdrawAsync(dossier);

        Assert.Equal(GrantStatus.Cancelled, Assert.Single(await s.GrantsAsync(dossier)).Status);
        var instance = Assert.Single(await s.InstancesAsync(dossier));
        Assert.Equal(WorkflowStatus.Finished, instance.Status); // nothing can follow a withdrawal
        Assert.Empty(await s.Host.BookmarksAsync(instance.Id));
    }
}
