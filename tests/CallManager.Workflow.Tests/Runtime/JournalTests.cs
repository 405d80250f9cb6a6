using CallManager.Testing;
using CallManager.Workflow.Persistence;
using CallManager.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Workflow.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public class JournalTests
{
    [Fact]
    public async Task Journal_entries_older_than_the_retention_are_pruned_and_the_instance_stays()
    {
        using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = RuntimeHost.Create(database, clock, s => s.Configure<RuntimeOptions>(o => o.JournalRetention = TimeSpan.FromDays(30)));
        await host.PublishValidAsync(Flow.WaitForSignal());
        var old = await host.Runtime.StartAsync(new StartRequest("wait", "old"));
        clock.Advance(TimeSpan.FromDays(20));
        var recent = await host.Runtime.StartAsync(new StartRequest("wait", "recent"));
        clock.Advance(TimeSpan.FromDays(11));

        var pruned = await host.InScopeAsync(s => s.GetRequiredService<JournalRetention>().PruneAsync());

        Assert.Equal(3, pruned); // Started, start:Completed, wait:Suspended of the old instance
        Assert.Empty(await host.JournalAsync(old.Id));
        Assert.Equal(3, (await host.JournalAsync(recent.Id)).Count);
        Assert.Equal(old.Id, (await host.InstanceAsync(old.Id)).Id);
    }
}
