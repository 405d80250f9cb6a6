using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace CallManager.Benchmarks;

/// <summary>The same 3-step workflow on WorkflowCore 3.22.0 with its in-memory persistence (nothing durable).</summary>
public static class WorkflowCoreBench
{
    private static int _started;
    private static int _finished;
    private static int _target;
    private static TaskCompletionSource _allFinished = new();

    /// <summary>The workflow's data: the event key it waits for.</summary>
    public sealed class Data
    {
        public string Key { get; set; } = "";
    }

    /// <summary>start → wait for "Go" with the instance's key → finish.</summary>
    public sealed class Bench : IWorkflow<Data>
    {
        public string Id => "bench";
        public int Version => 1;

        public void Build(IWorkflowBuilder<Data> builder) => builder
            .StartWith(_ => { Interlocked.Increment(ref _started); return ExecutionResult.Next(); })
            .WaitFor("Go", data => data.Key)
            .Then(_ =>
            {
                if (Interlocked.Increment(ref _finished) == _target) _allFinished.TrySetResult(); // the clock stops at the last one, not at a poll
                return ExecutionResult.Next();
            });
    }

    /// <summary>Starts <paramref name="n"/> instances, waits until all wait, then times publishing the n events until all finished.</summary>
    public static async Task<Measure> MeasureAsync(int n)
    {
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddWorkflow().BuildServiceProvider();
        var host = services.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<Bench, Data>();
        await host.StartAsync(CancellationToken.None);
        _started = _finished = 0;
        _target = n;
        _allFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < n; i++) await host.StartWorkflow("bench", 1, new Data { Key = $"c{i}" });
        await WaitAsync(() => _started >= n, TimeSpan.FromMinutes(5));
        await Task.Delay(1000); // let the last subscriptions be stored before any event is published

        var measure = await Measure.TimeAsync(n, async () =>
        {
            for (var i = 0; i < n; i++) await host.PublishEvent("Go", $"c{i}", null);
            await _allFinished.Task.WaitAsync(TimeSpan.FromMinutes(5));
        });
        await host.StopAsync(CancellationToken.None);
        await services.DisposeAsync();
        return measure;
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException("WorkflowCore did not get there in time.");
            await Task.Delay(5);
        }
    }
}
