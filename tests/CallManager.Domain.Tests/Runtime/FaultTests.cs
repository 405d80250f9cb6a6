using System.Text.Json.Nodes;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>A domain-like activity registered through the registry; it fails while <see cref="Broken"/> is set.</summary>
public sealed class Flaky(FlakySwitch state) : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (state.Broken) throw new InvalidOperationException("the grant service is unreachable");
        context.SetVariable("Done", context.GetInput<string>("label"));
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>Whether <see cref="Flaky"/> fails.</summary>
public sealed class FlakySwitch
{
    public bool Broken { get; set; } = true;
}

[Collection(RuntimeCollection.Name)]
public class FaultTests
{
    private static RuntimeHost Host(TestDatabase database, FlakySwitch state) => RuntimeHost.Create(database, configure: s =>
    {
        s.AddSingleton(state);
        s.AddActivity<Flaky>("Test.Flaky", requiredInputs: ["label"]);
    });

    /// <summary>Start → WaitForSignal(Go) → Test.Flaky → Finish.</summary>
    private static string FlakyFlow() => Definition("flaky",
        [Activity("start", "Start"), Activity("wait", "WaitForSignal", ("signal", Literal("Go"))),
         Activity("flaky", "Test.Flaky", ("label", Liquid("done for {{ CorrelationId }}"))), Activity("end", "Finish")],
        [("start", "Done", "wait"), ("wait", "Done", "flaky"), ("flaky", "Done", "end")]);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_failing_activity_faults_the_instance_with_an_incident_and_a_retry_runs_it_again(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        var state = new FlakySwitch();
        await using var host = Host(database, state);
        await host.PublishValidAsync(FlakyFlow());
        var started = await host.Runtime.StartAsync(new StartRequest("flaky", "grant-1"));

        await host.Runtime.StimulateAsync(new Stimulus("Go", "grant-1", IdempotencyKey: "go-1"));

        var details = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(started.Id));
        Assert.Equal(WorkflowStatus.Faulted, details.Instance.Status);
        var incident = Assert.Single(details.Incidents);
        Assert.Equal(("flaky", "Test.Flaky", "the grant service is unreachable", TestClock.Start), (incident.ActivityId, incident.ActivityType, incident.Message, incident.At));
        Assert.Empty(details.Bookmarks);
        Assert.Equal(StimulusOutcome.Duplicate, (await host.Runtime.StimulateAsync(new Stimulus("Go", "grant-1", IdempotencyKey: "go-1"))).Outcome);

        state.Broken = false;
        var retried = await host.Runtime.RetryAsync(started.Id);

        Assert.Equal(WorkflowStatus.Finished, retried.Status);
        var after = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(started.Id));
        Assert.Equal("done for grant-1", after.Variables!["Done"]!.GetValue<string>());
        Assert.Equal("Retried", Assert.Single(after.Incidents).Resolution);
    }

    [Fact]
    public async Task A_fault_at_start_keeps_the_instance_with_its_incident()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = Host(database, new FlakySwitch());
        await host.PublishValidAsync(Definition("early-fault", [Activity("start", "Start"), Activity("flaky", "Test.Flaky", ("label", Literal("x")))], [("start", "Done", "flaky")]));

        var started = await host.Runtime.StartAsync(new StartRequest("early-fault"));

        Assert.Equal(WorkflowStatus.Faulted, started.Status);
        var journal = (await host.JournalAsync(started.Id)).Select(j => j.Event).ToList();
        Assert.Equal(["Started", "Faulted"], journal);
    }

    [Fact]
    public async Task A_faulted_instance_can_be_cancelled_and_then_neither_retried_nor_cancelled_again()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = Host(database, new FlakySwitch());
        await host.PublishValidAsync(FlakyFlow());
        var started = await host.Runtime.StartAsync(new StartRequest("flaky", "grant-2"));
        await host.Runtime.StimulateAsync(new Stimulus("Go", "grant-2"));

        var cancelled = await host.Runtime.CancelAsync(started.Id, "abandoned");

        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        var retry = await Assert.ThrowsAsync<DomainException>(() => host.Runtime.RetryAsync(started.Id));
        Assert.Equal($"Only a Faulted instance can be retried; instance {started.Id} is Cancelled.", retry.Message);
        var again = await Assert.ThrowsAsync<DomainException>(() => host.Runtime.CancelAsync(started.Id));
        Assert.Equal(DomainErrorKind.Conflict, again.Kind);
    }

    [Theory]
    [InlineData("while (true) {}", "The maximum number of statements executed have been reached")]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')", "System is not defined")]
    [InlineData("importNamespace('System.IO')", "importNamespace is not defined")]
    [InlineData("const a = []; for (;;) a.push(new Array(100000).fill(0));", "but is limited to 8000000")]
    [InlineData("'x'.repeat(500000000).length", "repeat would build a string longer than 4000000 characters, the limit of an expression.")]
    public async Task JavaScript_runs_in_a_sandbox(string script, string expected)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Definition("sandbox", [Activity("start", "Start"), Activity("set", "SetVariable", ("variable", "V"), ("value", Js(script)))], [("start", "Done", "set")]));

        var started = await host.Runtime.StartAsync(new StartRequest("sandbox"));

        Assert.Equal(WorkflowStatus.Faulted, started.Status);
        var incident = Assert.Single((await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(started.Id))).Incidents);
        Assert.StartsWith("input 'value' could not be evaluated: ", incident.Message);
        Assert.True(incident.Message.Contains(expected), incident.Message);
    }
}
