using System.Diagnostics;
using CallManager.Testing;
using CallManager.Domain.Persistence;

namespace CallManager.Benchmarks;

/// <summary>
/// The runtime benchmark of issue 3: the same 3-step workflow (start → wait for signal → finish), N instances
/// started then resumed, on CallManager (SQLite file, PostgreSQL) and on WorkflowCore 3.22.0 in memory.
/// A resumption counts once <c>StimulateAsync</c> returned, i.e. once its commit is done.
/// Usage: <c>dotnet run -c Release --project tests/CallManager.Benchmarks -- runtime [N] [sqliteSynchronous] [callers] [rounds] [pooled]</c>.
/// Several callers by default: WorkflowCore also processes the published events on several worker threads.
/// </summary>
public sealed class RuntimeBenchmark : IBenchmark
{
    /// <summary>The measured workflow (start → wait for signal → finish), shared with the process-kill test.</summary>
    internal const string Definition = SignalWorkflow.Json;

    private const int DefaultCallers = 8;
    private const double TargetRatio = 2.0;
    private const double TargetRate = 1000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(75);

    public string Name => "runtime";

    public async Task RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0]) : 1000;
        var synchronous = args.Length > 1 ? args[1].ToUpperInvariant() : "NORMAL";
        var parallelism = args.Length > 2 ? int.Parse(args[2]) : DefaultCallers;
        var rounds = args.Length > 3 ? int.Parse(args[3]) : 7;
        var pooled = args.Contains("pooled");
        var budget = Stopwatch.StartNew();
        Console.WriteLine($"# {n} instances started, then each resumed once by {parallelism} concurrent caller(s) (a resumption counts once committed)");
        Console.WriteLine($"# SQLite: synchronous={synchronous}, journal_mode=WAL: {Survives(synchronous)}");
        Console.WriteLine("# PostgreSQL: the test fixture's local server, started with fsync=off (survives a process kill, not a power cut)");
        Console.WriteLine($"# up to {rounds} rounds of (CallManager on SQLite, WorkflowCore), interleaved so both see the same load; medians reported");
        // PostgreSQL is measured once on fewer instances: it is reported, not part of the target.
        var (pgRate, pgCommits, _) = await MeasureOnceAsync(TestDatabase.Create(DatabaseProvider.PostgreSql), Math.Min(n, 500), parallelism);
        var sqlite = TestDatabase.Create(DatabaseProvider.Sqlite);
        sqlite.Options.SqliteSynchronous = synchronous;
        var results = new List<(Measure Sqlite, Measure Core)>();
        await WorkflowCoreBench.MeasureAsync(CallManagerBench.WarmUp); // warm-up, as CallManagerBench.CreateAsync warms CallManager up: JIT, pools
        await using (var bench = await CallManagerBench.CreateAsync(sqlite, parallelism))
        {
            var last = TimeSpan.Zero;
            // Another round only if it should end within the budget (the whole run stays well under 2 minutes).
            for (var round = 1; round <= rounds && (round == 1 || budget.Elapsed + last < Budget); round++)
            {
                var started = budget.Elapsed;
                var mine = await bench.MeasureAsync(n, $"r{round}");
                var core = await WorkflowCoreBench.MeasureAsync(n);
                results.Add((mine, core));
                last = budget.Elapsed - started;
                Console.WriteLine($"# round {round}: sqlite {mine.Rate:F0}/s ({mine.CpuMicroseconds:F0} µs CPU each), workflowcore {core.Rate:F0}/s ({core.CpuMicroseconds:F0} µs CPU each), ratio {mine.Rate / core.Rate:F2}");
            }
        }
        sqlite.Dispose();
        Report(results, pgRate, pgCommits, parallelism);
        if (pooled) await PooledWhatIfAsync(n, synchronous, parallelism);
        Console.WriteLine($"# load average: {LoadAverage()}; benchmark took {budget.Elapsed.TotalSeconds:F0} s");
        PostgresServer.Instance.Dispose();
    }

    private static async Task PooledWhatIfAsync(int n, string synchronous, int parallelism)
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        database.Options.SqliteSynchronous = synchronous;
        await using var bench = await CallManagerBench.CreateAsync(database, parallelism, pooled: true);
        var measure = await bench.MeasureAsync(n, "pooled");
        Console.WriteLine($"# what-if, not the product's configuration: SQLite with a pooled DbContext (AddDbContextPool): {measure.Rate:F0} resumptions/s, {measure.CpuMicroseconds:F0} µs CPU each");
    }

    private static void Report(List<(Measure Sqlite, Measure Core)> results, double pgRate, double pgCommits, int callers)
    {
        var ratios = results.Select(r => r.Sqlite.Rate / r.Core.Rate).Order().ToList();
        var sqliteRate = Median(results.Select(r => r.Sqlite.Rate));
        var ratio = Median(ratios);
        var commits = results.Max(r => r.Sqlite.CommitsPerResumption);
        Console.WriteLine($"resumptions_per_s_sqlite: {sqliteRate:F0}");
        Console.WriteLine($"resumptions_per_s_postgresql: {pgRate:F0}");
        Console.WriteLine($"resumptions_per_s_workflowcore: {Median(results.Select(r => r.Core.Rate)):F0}");
        Console.WriteLine($"ratio_sqlite_vs_workflowcore: {ratio:F2}");
        Console.WriteLine($"commits_per_resumption_sqlite: {commits:F2}");
        Console.WriteLine($"callers: {callers}");
        Console.WriteLine($"# ratio per round: {string.Join(" .. ", ratios.Select(r => r.ToString("F2")))}; CPU per resumption: sqlite {Median(results.Select(r => r.Sqlite.CpuMicroseconds)):F0} µs, workflowcore {Median(results.Select(r => r.Core.CpuMicroseconds)):F0} µs");
        Console.WriteLine($"# commits per resumption on PostgreSQL: {pgCommits:F2}");
        var misses = new List<string>();
        if (ratio < TargetRatio) misses.Add($"ratio {ratio:F2} < {TargetRatio:F2}");
        if (sqliteRate < TargetRate) misses.Add($"{sqliteRate:F0} < {TargetRate:F0} resumptions/s");
        if (commits > 1.0) misses.Add($"{commits:F2} > 1 commit per resumption");
        Console.WriteLine($"# target (issue 3): SQLite >= {TargetRatio:F1}x WorkflowCore, >= {TargetRate:F0} resumptions/s, <= 1 commit per resumption: "
                          + (misses.Count == 0 ? "MET" : "MISSED (" + string.Join("; ", misses) + ")"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Survives(string mode) => mode switch
    {
        "FULL" or "EXTRA" => "a committed resumption survives a process kill and a power cut",
        "NORMAL" => "a committed resumption survives a process kill; a power cut may lose the last commits, never corrupts",
        _ => "a committed resumption may be lost by a process kill",
    };

    private static async Task<(double Rate, double Commits, double Cpu)> MeasureOnceAsync(TestDatabase database, int n, int parallelism)
    {
        using var _ = database;
        await using var bench = await CallManagerBench.CreateAsync(database, parallelism);
        var measure = await bench.MeasureAsync(n, "once");
        return (measure.Rate, measure.CommitsPerResumption, measure.CpuMicroseconds);
    }
}
