using System.Diagnostics;
using CallManager.Domain.Hosting;
using CallManager.Domain.Persistence;
using CallManager.Domain.Persistence.Providers;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CallManager.Benchmarks;

/// <summary>One timed run: resumptions per second (wall clock), process CPU per resumption, database commits per resumption.</summary>
public sealed record Measure(double Rate, double CpuMicroseconds, double CommitsPerResumption)
{
    /// <summary>Times <paramref name="run"/> doing <paramref name="n"/> resumptions (wall clock and the process's CPU time).</summary>
    public static async Task<Measure> TimeAsync(int n, Func<Task> run, Func<double>? commits = null)
    {
        // The previous round's garbage (the other engine's, often) is collected now, not inside this round.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await run();
        clock.Stop();
        process.Refresh();
        return new Measure(n / clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalMicroseconds / n, commits?.Invoke() ?? 0);
    }
}

/// <summary>CallManager's runtime on one database, set up once (migrated, definition published, warmed up) and measured in rounds.</summary>
public sealed class CallManagerBench : IAsyncDisposable
{
    /// <summary>Instances of the measured-shape warm-up run (the same for WorkflowCore).</summary>
    public const int WarmUp = 500;

    private readonly ServiceProvider _services;
    private readonly int _parallelism;

    private CallManagerBench(ServiceProvider services, int parallelism)
    {
        _services = services;
        _parallelism = parallelism;
    }

    private IWorkflowRuntime Runtime => _services.GetRequiredService<IWorkflowRuntime>();

    /// <summary>Migrates <paramref name="database"/>, publishes the benchmark workflow and warms the runtime up (JIT, pools, compiled queries).</summary>
    public static async Task<CallManagerBench> CreateAsync(TestDatabase database, int parallelism, bool pooled = false)
    {
        await database.MigrateAsync();
        var collection = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddCallManagerCore(database.Options);
        if (pooled) UsePooledContext(collection, database.Options);
        var services = collection.BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DefinitionStore>().PublishAsync(scope.ServiceProvider.GetRequiredService<CallManagerDbContext>(), "bench.json", RuntimeBenchmark.Definition);
        var bench = new CallManagerBench(services, parallelism);
        for (var i = 0; i < 200; i++)
        {
            await bench.Runtime.StartAsync(new StartRequest("bench", $"warm-{i}"));
            await bench.Runtime.StimulateAsync(new Stimulus("Go", $"warm-{i}"));
        }
        await bench.MeasureAsync(WarmUp, "warm-up"); // and once as measured, so the concurrent paths are compiled too
        return bench;
    }

    /// <summary>Starts <paramref name="n"/> instances (correlation ids prefixed by <paramref name="prefix"/>), then times resuming each once.</summary>
    public async Task<Measure> MeasureAsync(int n, string prefix)
    {
        await StartAsync(n, prefix);
        using var commits = new CommitCounter();
        return await Measure.TimeAsync(n, () => ResumeAsync(n, prefix), () => commits.Count / (double)n);
    }

    /// <summary>Starts <paramref name="n"/> instances waiting for "Go", correlation ids prefixed by <paramref name="prefix"/>.</summary>
    public async Task StartAsync(int n, string prefix)
    {
        for (var i = 0; i < n; i++) await Runtime.StartAsync(new StartRequest("bench", $"{prefix}-{i}"));
    }

    /// <summary>Resumes the <paramref name="n"/> instances started with <paramref name="prefix"/> once each, from the bench's concurrent callers.</summary>
    public Task ResumeAsync(int n, string prefix)
    {
        var runtime = Runtime;
        return Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, async (i, ct) =>
        {
            var result = await runtime.StimulateAsync(new Stimulus("Go", $"{prefix}-{i}"), ct);
            if (result.Outcome != StimulusOutcome.Delivered) throw new InvalidOperationException($"instance {prefix}-{i} was not resumed: {result.Outcome}");
        });
    }

    /// <summary>What-if, not the product's configuration: the scoped DbContext taken from a pool (AddDbContextPool).</summary>
    private static void UsePooledContext(IServiceCollection services, DatabaseOptions options)
    {
        services.RemoveAll<CallManagerDbContext>();
        services.RemoveAll<SqliteCallManagerDbContext>();
        services.RemoveAll<DbContextOptions<SqliteCallManagerDbContext>>();
        services.AddDbContextPool<CallManagerDbContext, SqliteCallManagerDbContext>(b => DbContextOptionsFactory.Configure(b, options));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
