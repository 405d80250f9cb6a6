using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>The simplest activities real Elsa files use, each checked against the journal.</summary>
[Collection(RuntimeCollection.Name)]
public class ElsaActivitiesTests
{
    private static async Task<RuntimeHost> HostWithAsync(TestDatabase database, string json)
    {
        var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);
        return host;
    }

    [Fact]
    public async Task WriteLine_writes_its_text_to_the_journal()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = await HostWithAsync(database, Definition("hello",
            [Activity("start", "Elsa.Start"), Activity("say", "Elsa.WriteLine", ("text", Liquid("Hello {{ CorrelationId }}"))), Activity("end", "Elsa.End")],
            [("start", "Done", "say"), ("say", "Done", "end")]));

        var started = await host.Runtime.StartAsync(new StartRequest("hello", "world"));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        var line = Assert.Single(await host.JournalAsync(started.Id), j => j.Event == "Note");
        Assert.Equal(("say", "Hello world"), (line.ActivityId, line.Detail));
    }

    [Fact]
    public async Task Complete_finishes_the_workflow_and_drops_the_other_branches()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = await HostWithAsync(database, Definition("complete",
            [Activity("start", "Start"), Activity("fork", "Elsa.FlowFork", ("branches", Literal("A,B"))),
             Activity("wait", "Elsa.Event", ("eventName", Literal("Never"))), Activity("done", "Elsa.Complete")],
            [("start", "Done", "fork"), ("fork", "A", "wait"), ("fork", "B", "done")]));

        var started = await host.Runtime.StartAsync(new StartRequest("complete", "c-1"));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Empty(await host.BookmarksAsync(started.Id));
        Assert.Contains(await host.JournalAsync(started.Id), j => j.ActivityId == "done" && j.Event == "Completed");
    }

    [Fact]
    public async Task Fault_faults_the_instance_with_its_message_as_the_incident()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = await HostWithAsync(database, Definition("fault",
            [Activity("start", "Start"), Activity("say", "WriteLine", ("text", Literal("before"))),
             Activity("fail", "Elsa.Fault", ("message", Literal("the budget line is closed")), ("code", Literal("E42")))],
            [("start", "Done", "say"), ("say", "Done", "fail")]));

        var started = await host.Runtime.StartAsync(new StartRequest("fault", "f-1"));

        var details = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(started.Id));
        Assert.Equal(WorkflowStatus.Faulted, details.Instance.Status);
        var incident = Assert.Single(details.Incidents);
        Assert.Equal("fail", incident.ActivityId);
        Assert.Contains("E42: the budget line is closed", incident.Message);
    }
}
