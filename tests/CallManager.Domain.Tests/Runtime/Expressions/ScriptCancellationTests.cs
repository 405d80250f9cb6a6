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
             // A loop that allocates nothing: `i++` boxes a new number past the small cached ones and met the 8 MB memory
             // limit within milliseconds, so the script faulted before it could be seen running (the defect of earlier runs).
             Activity("spin", "SetVariable", ("variable", "V"), ("value", Js("while (true) { }"))), Activity("end", "Finish")],
            [("start", "Done", "wait"), ("wait", "Done", "spin"), ("spin", "Done", "end")]));
        var started = await host.Runtime.StartAsync(new StartRequest("spin", "c-1"));
        var scripts = host.Services.GetRequiredService<RunningScripts>();
        var clock = Stopwatch.StartNew();
        var stimulus = Task.Run(() => host.Runtime.StimulateAsync(new Stimulus("Go", "c-1", IdempotencyKey: "go-1")));
        while (!scripts.Instances.Contains(started.Id))
        {
            // The stimulus may come back Queued (its bookmark not yet seen) and be delivered from the inbox by another path, so
            // its end is not a failure; a refusal or an exception is, and says so here rather than as a 30 s wait.
            Assert.False(stimulus.IsFaulted, $"the stimulus failed before its script was seen running: {stimulus.Exception}");
            var outcome = stimulus.IsCompletedSuccessfully ? (await stimulus).Outcome.ToString() : "still running";
            Assert.NotEqual(nameof(StimulusOutcome.Duplicate), outcome);
            if (clock.Elapsed > TimeSpan.FromSeconds(30) || (stimulus.IsCompleted && clock.Elapsed > TimeSpan.FromSeconds(5)))
            {
                var instance = await host.InstanceAsync(started.Id);
                var journal = string.Join(" | ", (await host.JournalAsync(started.Id)).Select(j => $"{j.Event} {j.ActivityId} {j.Detail}"));
                Assert.Fail($"the script never started (stimulus: {outcome}; "
                    + $"instance {instance.Status}; journal: {journal})");
            }
            await Task.Delay(20);
        }

        await host.Runtime.CancelAsync(started.Id, "stop");
        while (scripts.Instances.Contains(started.Id) && clock.Elapsed < TimeSpan.FromSeconds(40)) await Task.Delay(20);
        await Task.WhenAny(stimulus, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.False(scripts.Instances.Contains(started.Id), $"the script still ran {clock.Elapsed} after its workflow was cancelled");
        Assert.True(stimulus.IsCompleted, "the stimulus did not end once its script was stopped");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(WorkflowStatus.Cancelled, (await host.InstanceAsync(started.Id)).Status);
        Assert.Empty(scripts.Instances);
    }
}
