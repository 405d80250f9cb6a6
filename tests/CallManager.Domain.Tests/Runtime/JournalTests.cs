using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Stimuli;
using CallManager.Runtime.Storage;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public class JournalTests
{
    [Fact]
    public async Task Journal_entries_older_than_the_retention_are_pruned_and_the_instance_stays()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = RuntimeHost.Create(database, clock, s => s.Configure<RuntimeOptions>(o => o.JournalRetention = TimeSpan.FromDays(30)));
        await host.PublishValidAsync(Flow.WaitForSignal());
        var old = await host.Runtime.StartAsync(new StartRequest("wait", "old"));
        clock.Advance(TimeSpan.FromDays(20));
        var recent = await host.Runtime.StartAsync(new StartRequest("wait", "recent"));
        clock.Advance(TimeSpan.FromDays(11));

        var pruned = (await host.InScopeAsync(s => s.GetRequiredService<RuntimeRetention>().PruneAsync())).JournalRows;

        Assert.Equal(1, pruned); // the old instance's start: one row holding Started, start:Completed, wait:Suspended
        Assert.Empty(await host.JournalAsync(old.Id));
        Assert.Equal(3, (await host.JournalAsync(recent.Id)).Count);
        Assert.Equal(old.Id, (await host.InstanceAsync(old.Id)).Id);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Each_step_writes_its_journal_lines_as_one_row_read_back_in_order(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Flow.WaitForSignal("early", "Go"));
        var started = await host.Runtime.StartAsync(new StartRequest("early", "dossier-7"));
        await host.Runtime.StimulateAsync(new Stimulus("Go", "dossier-7"));

        var lines = (await host.JournalAsync(started.Id)).Select(j => $"{j.ActivityId}:{j.Event}:{j.Detail}").ToList();
        await using var db = database.NewRuntimeContext();
        var rows = await db.Set<WorkflowJournalStep>().CountAsync(j => j.InstanceId == started.Id);

        Assert.Equal([":Started:early v1", "start:Completed:Done", "wait:Suspended:Go", "wait:Resumed:Go", "wait:Completed:Done", "end:Completed:FinishWorkflow", ":Finished:"], lines);
        Assert.Equal(2, rows); // the start, then the resumption
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_inbox_stimulus_older_than_the_inbox_lifetime_is_no_longer_delivered_and_is_pruned(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        var clock = TestClock.Create();
        await using var host = RuntimeHost.Create(database, clock, s => s.Configure<RuntimeOptions>(o => o.InboxLifetime = TimeSpan.FromDays(30)));
        await host.PublishValidAsync(Flow.WaitForSignal("early", "Go"));
        Assert.Equal(StimulusOutcome.Queued, (await host.Runtime.StimulateAsync(new Stimulus("Go", "stale", IdempotencyKey: "go-stale"))).Outcome);
        clock.Advance(TimeSpan.FromDays(20));
        Assert.Equal(StimulusOutcome.Queued, (await host.Runtime.StimulateAsync(new Stimulus("Go", "fresh"))).Outcome);
        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromSeconds(1)); // "stale" waited 30 days and a second; "fresh" 10 days

        var stale = await host.Runtime.StartAsync(new StartRequest("early", "stale"));
        var fresh = await host.Runtime.StartAsync(new StartRequest("early", "fresh"));
        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(stale.Id)).Status);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(fresh.Id)).Status);

        var pruned = await host.InScopeAsync(s => s.GetRequiredService<RuntimeRetention>().PruneAsync());
        Assert.Equal(1, pruned.ExpiredStimuli);
        await using var db = database.NewRuntimeContext();
        Assert.Equal([("fresh", true)], (await db.Set<WorkflowStimulus>().ToListAsync()).Select(x => (x.CorrelationId, x.DeliveredAt is not null)));

        // Its key is free again: the same stimulus sent now is a new one, delivered to the waiting instance.
        Assert.Equal(StimulusOutcome.Delivered, (await host.Runtime.StimulateAsync(new Stimulus("Go", "stale", IdempotencyKey: "go-stale"))).Outcome);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(stale.Id)).Status);
    }
}
