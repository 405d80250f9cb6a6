using System.Diagnostics;
using CallManager.Testing;
using CallManager.Workflow.Hosting;
using CallManager.Workflow.Persistence;
using CallManager.Workflow.Runtime;
using CallManager.Workflow.Runtime.Definitions;
using CallManager.Workflow.Persistence.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CallManager.Benchmarks;

/// <summary>
/// The runtime benchmark of issue 3: the same 3-step workflow (start → wait for signal → finish), N instances
/// started then resumed, on CallManager (SQLite file, PostgreSQL) and on WorkflowCore 3.22.0 in memory.
/// A resumption counts once <c>StimulateAsync</c> returned, i.e. once its commit is done.
/// Usage: <c>dotnet run -c Release --project tests/CallManager.Benchmarks -- runtime [N] [sqliteSynchronous] [parallelism]</c>.
/// </summary>
public sealed class RuntimeBenchmark : IBenchmark
{
    private const string Definition = """
        { "definitionId": "bench", "name": "bench", "root": { "type": "Elsa.Flowchart",
          "activities": [ { "id": "start", "type": "Elsa.Start" },
                          { "id": "wait", "type": "WaitForSignal", "signal": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } },
                          { "id": "end", "type": "Elsa.Finish" } ],
          "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
                           { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "end", "port": "In" } } ] } }
        """;

    public string Name => "runtime";

    public async Task RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0]) : 2000;
        var synchronous = args.Length > 1 ? args[1].ToUpperInvariant() : "NORMAL";
        var parallelism = args.Length > 2 ? int.Parse(args[2]) : 1;
        Console.WriteLine($"# {n} instances started, then each resumed once by {parallelism} concurrent caller(s) (a resumption counts once committed)");
        Console.WriteLine($"# SQLite: synchronous={synchronous}, journal_mode=WAL: {Survives(synchronous)}");
        Console.WriteLine("# PostgreSQL: the test fixture's local server, started with fsync=off (survives a process kill, not a power cut)");

        var sqlite = TestDatabase.Create(DatabaseProvider.Sqlite);
        sqlite.Options.SqliteSynchronous = synchronous;
        var (sqliteRate, sqliteCommits) = await MeasureCallManagerAsync(sqlite, n, parallelism);
        var (pgRate, pgCommits) = await MeasureCallManagerAsync(TestDatabase.Create(DatabaseProvider.PostgreSql), n, parallelism);
        var pooledDatabase = TestDatabase.Create(DatabaseProvider.Sqlite);
        pooledDatabase.Options.SqliteSynchronous = synchronous;
        var (pooledRate, _) = await MeasureCallManagerAsync(pooledDatabase, n, parallelism, pooled: true);
        var coreRate = await WorkflowCoreBench.MeasureAsync(n);

        Console.WriteLine($"resumptions_per_s_sqlite: {sqliteRate:F0}");
        Console.WriteLine($"resumptions_per_s_postgresql: {pgRate:F0}");
        Console.WriteLine($"resumptions_per_s_workflowcore: {coreRate:F0}");
        Console.WriteLine($"ratio_sqlite_vs_workflowcore: {sqliteRate / coreRate:F2}");
        Console.WriteLine($"commits_per_resumption_sqlite: {sqliteCommits:F2}");
        Console.WriteLine($"# what-if, not the product's configuration: SQLite with a pooled DbContext (AddDbContextPool): {pooledRate:F0} resumptions/s");
        Console.WriteLine($"# commits per resumption on PostgreSQL: {pgCommits:F2}; load average during the run: {LoadAverage()}");
        PostgresServer.Instance.Dispose();
    }

    /// <summary>Replaces the scoped SQLite DbContext by a pooled one (measures what pooling would give).</summary>
    private static void UsePooledContext(IServiceCollection services, DatabaseOptions options)
    {
        services.RemoveAll<CallManagerDbContext>();
        services.RemoveAll<SqliteCallManagerDbContext>();
        services.RemoveAll<DbContextOptions<SqliteCallManagerDbContext>>();
        services.AddDbContextPool<CallManagerDbContext, SqliteCallManagerDbContext>(b => DbContextOptionsFactory.Configure(b, options));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Survives(string mode) => mode switch
    {
        "FULL" or "EXTRA" => "a committed resumption survives a process kill and a power cut",
        "NORMAL" => "a committed resumption survives a process kill; a power cut may lose the last commits, never corrupts",
        _ => "a committed resumption may be lost by a process kill",
    };

    /// <summary>Starts <paramref name="n"/> instances, then resumes each once; returns resumptions/s and commits per resumption.</summary>
    private static async Task<(double Rate, double CommitsPerResumption)> MeasureCallManagerAsync(TestDatabase database, int n, int parallelism, bool pooled = false)
    {
        using var _ = database;
        await database.MigrateAsync();
        var collection = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddCallManagerCore(database.Options);
        if (pooled) UsePooledContext(collection, database.Options);
        var services = collection.BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DefinitionStore>().PublishAsync(scope.ServiceProvider.GetRequiredService<CallManagerDbContext>(), "bench.json", Definition);
        var runtime = services.GetRequiredService<IWorkflowRuntime>();
        for (var i = 0; i < Math.Min(n, 200); i++) // warm-up: JIT, pools, prepared definition
        {
            await runtime.StartAsync(new StartRequest("bench", $"warm-{i}"));
            await runtime.StimulateAsync(new Stimulus("Go", $"warm-{i}"));
        }
        for (var i = 0; i < n; i++) await runtime.StartAsync(new StartRequest("bench", $"c{i}"));

        using var commits = new CommitCounter();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var result = await runtime.StimulateAsync(new Stimulus("Go", $"c{i}"), ct);
            if (result.Outcome != StimulusOutcome.Delivered) throw new InvalidOperationException($"instance c{i} was not resumed: {result.Outcome}");
        });
        clock.Stop();
        await services.DisposeAsync();
        return (n / clock.Elapsed.TotalSeconds, commits.Count / (double)n);
    }
}
