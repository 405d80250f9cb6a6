using System.Diagnostics;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Expressions;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime.Expressions;

/// <summary>Cancelling a workflow stops the script it is running now, instead of letting it run to its time limit.</summary>
[Collection(RuntimeCollection.Name)]
public class ScriptCancellationTests
{
    [Fact]
    public async Task Cancelling_a_workflow_stops_its_running_script_at_once_and_the_workflow_ends_cancelled()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database, configure: s => s.Configure<RuntimeOptions>(o => (o.ScriptTimeout, o.ScriptMaxStatements) = (TimeSpan.FromSeconds(60), int.MaxValue)));
        await host.PublishValidAsync(Definition("spin",
            [Activity("start", "Start"), Activity("wait", "WaitForSignal", ("signal", Literal("Go"))),
             Activity("spin", "SetVariable", ("variable", "V"), ("value", Js("let i = 0; while (true) { i++; }"))), Activity("end", "Finish")],
            [("start", "Done", "wait"), ("wait", "Done", "spin"), ("spin", "Done", "end")]));
        var started = await host.Runtime.StartAsync(new StartRequest("spin", "c-1"));
        var scripts = host.Services.GetRequiredService<RunningScripts>();
        var clock = Stopwatch.StartNew();
        var stimulus = Task.Run(() => host.Runtime.StimulateAsync(new Stimulus("Go", "c-1", IdempotencyKey: "go-1")));
        while (!scripts.Instances.Contains(started.Id))
        {
            // A stimulus that ends without running the script (refused, queued, faulted) says so here rather than as a 30 s wait.
            Assert.False(stimulus.IsCompleted, $"the stimulus ended before its script was seen running: {(object?)stimulus.Exception ?? "it completed"}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the script never started");
            await Task.Delay(20);
        }

        await host.Runtime.CancelAsync(started.Id, "stop");
        await Task.WhenAny(stimulus, Task.Delay(TimeSpan.FromSeconds(40)));

        Assert.True(stimulus.IsCompleted, $"the script still ran {clock.Elapsed} after its workflow was cancelled");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(WorkflowStatus.Cancelled, (await host.InstanceAsync(started.Id)).Status);
        Assert.Empty(scripts.Instances);
    }
}
