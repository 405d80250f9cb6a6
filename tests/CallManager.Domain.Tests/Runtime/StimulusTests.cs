using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public class StimulusTests
{
    /// <summary>Start → WaitForSignal(Vote) → SetVariable(Votes += 1) → back to WaitForSignal (a loop that never finishes).</summary>
    private static string CounterFlow() => Flow.Definition("counter",
        [Flow.Activity("start", "Start"), Flow.Activity("vote", "WaitForSignal", ("signal", Flow.Literal("Vote"))),
         Flow.Activity("count", "SetVariable", ("variable", "Votes"), ("value", Flow.Js("variables.Votes + 1")))],
        [("start", "Done", "vote"), ("vote", "Done", "count"), ("count", "Done", "vote")],
        new JsonObject { ["Votes"] = 0 });

    private static async Task<int> VotesAsync(RuntimeHost host, Guid id) =>
        JsonNode.Parse((await host.InstanceAsync(id)).VariablesJson)!["Votes"]!.GetValue<int>();

    [Fact]
    public async Task A_stimulus_that_arrives_before_its_bookmark_waits_in_the_inbox_and_is_delivered_then()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Flow.WaitForSignal("early", "Go"));

        var early = await host.Runtime.StimulateAsync(new Stimulus("Go", "dossier-7", new JsonObject { ["by"] = "jury" }));
        var started = await host.Runtime.StartAsync(new StartRequest("early", "dossier-7"));

        Assert.Equal(StimulusOutcome.Queued, early.Outcome);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
        Assert.Contains(await host.JournalAsync(started.Id), j => j.ActivityId == "wait" && j.Event == "Resumed");
    }

    [Fact]
    public async Task A_stimulus_for_another_correlation_id_does_not_resume_the_instance()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Flow.WaitForSignal("early", "Go"));
        var started = await host.Runtime.StartAsync(new StartRequest("early", "dossier-7"));

        var other = await host.Runtime.StimulateAsync(new Stimulus("Go", "dossier-8"));

        Assert.Equal(StimulusOutcome.Queued, other.Outcome);
        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(started.Id)).Status);
    }

    [Fact]
    public async Task The_same_idempotency_key_delivered_twice_resumes_once()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(CounterFlow());
        var started = await host.Runtime.StartAsync(new StartRequest("counter", "jury-1"));

        var first = await host.Runtime.StimulateAsync(new Stimulus("Vote", "jury-1", IdempotencyKey: "vote-42"));
        var second = await host.Runtime.StimulateAsync(new Stimulus("Vote", "jury-1", IdempotencyKey: "vote-42"));
        var parallel = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.Runtime.StimulateAsync(new Stimulus("Vote", "jury-1", IdempotencyKey: "vote-43"))));

        Assert.Equal(StimulusOutcome.Delivered, first.Outcome);
        Assert.Equal(StimulusOutcome.Duplicate, second.Outcome);
        Assert.Single(parallel, r => r.Outcome == StimulusOutcome.Delivered);
        Assert.Equal(2, await VotesAsync(host, started.Id));
    }

    [Fact]
    public async Task A_duplicate_of_a_stimulus_waiting_in_the_inbox_is_delivered_once()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(CounterFlow());

        await host.Runtime.StimulateAsync(new Stimulus("Vote", "jury-2", IdempotencyKey: "k"));
        var duplicate = await host.Runtime.StimulateAsync(new Stimulus("Vote", "jury-2", IdempotencyKey: "k"));
        var started = await host.Runtime.StartAsync(new StartRequest("counter", "jury-2"));

        Assert.Equal(StimulusOutcome.Duplicate, duplicate.Outcome);
        Assert.Equal(1, await VotesAsync(host, started.Id));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Fifty_parallel_stimuli_on_one_instance_lose_no_update_and_step_once_each(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(CounterFlow());
        var started = await host.Runtime.StartAsync(new StartRequest("counter", "jury-3"));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => host.Runtime.StimulateAsync(new Stimulus("Vote", "jury-3", IdempotencyKey: $"vote-{i}")))));

        Assert.All(results, r => Assert.Equal(StimulusOutcome.Delivered, r.Outcome));
        Assert.Equal(50, await VotesAsync(host, started.Id));
        Assert.Equal(50, (await host.JournalAsync(started.Id)).Count(j => j.ActivityId == "count" && j.Event == "Completed"));
        Assert.Single(await host.BookmarksAsync(started.Id));
    }

    [Fact]
    public async Task Fifty_parallel_stimuli_from_two_hosts_on_one_PostgreSQL_lose_no_update()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.PostgreSql);
        await using var one = RuntimeHost.Create(database);
        await using var two = RuntimeHost.Create(database);
        await one.PublishValidAsync(CounterFlow());
        var started = await one.Runtime.StartAsync(new StartRequest("counter", "jury-4"));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => (i % 2 == 0 ? one : two).Runtime.StimulateAsync(new Stimulus("Vote", "jury-4", IdempotencyKey: $"v{i}")))));

        Assert.All(results, r => Assert.Equal(StimulusOutcome.Delivered, r.Outcome));
        Assert.Equal(50, await VotesAsync(one, started.Id));
    }

    [Fact]
    public async Task Fifty_parallel_stimuli_from_two_hosts_on_one_SQLite_file_lose_no_update()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var one = RuntimeHost.Create(database);
        await using var two = RuntimeHost.Create(database);
        await one.PublishValidAsync(CounterFlow());
        var started = await one.Runtime.StartAsync(new StartRequest("counter", "jury-5"));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => (i % 2 == 0 ? one : two).Runtime.StimulateAsync(new Stimulus("Vote", "jury-5", IdempotencyKey: i % 10 == 0 ? null : $"v{i}")))));

        Assert.All(results, r => Assert.Equal(StimulusOutcome.Delivered, r.Outcome));
        Assert.Equal(50, await VotesAsync(one, started.Id));
        Assert.Equal(50, (await one.JournalAsync(started.Id)).Count(j => j.ActivityId == "count" && j.Event == "Completed"));
    }

    [Fact]
    public async Task A_trigger_starts_one_instance_per_correlation_id()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        var trigger = Flow.Activity("opened", "WaitForSignal", ("signal", Flow.Literal("CallOpened")), ("resultVariable", Flow.Literal("Opened")));
        trigger["canStartWorkflow"] = true;
        await host.PublishValidAsync(Flow.Definition("per-call",
            [trigger, Flow.Activity("close", "WaitForSignal", ("signal", Flow.Literal("CallClosed"))), Flow.Activity("end", "Finish")],
            [("opened", "Done", "close"), ("close", "Done", "end")]));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            host.Runtime.StimulateAsync(new Stimulus("CallOpened", "call-9", new JsonObject { ["title"] = "PTCE 2027" }))));
        var other = await host.Runtime.StimulateAsync(new Stimulus("CallOpened", "call-10"));

        var instances = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstancesAsync(new(DefinitionId: "per-call", CorrelationId: "call-9")));
        var instance = Assert.Single(instances);
        Assert.Equal(WorkflowStatus.Suspended, instance.Status);
        Assert.Equal("PTCE 2027", JsonNode.Parse((await host.InstanceAsync(instance.Id)).VariablesJson)!["Opened"]!["title"]!.GetValue<string>());
        Assert.Equal(StimulusOutcome.Delivered, other.Outcome);
        Assert.Contains(results, r => r.Outcome == StimulusOutcome.Delivered && r.Instances.SequenceEqual([instance.Id]));
    }
}
