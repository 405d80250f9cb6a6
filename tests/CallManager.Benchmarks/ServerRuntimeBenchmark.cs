using System.Diagnostics;
using CallManager.Domain.Persistence;
using CallManager.Testing;

namespace CallManager.Benchmarks;

/// <summary>
/// <c>runtime-server [N] [callers] [providers]</c> (defaults 2000, <c>8,32</c>, <c>postgresql,sqlite</c>): the runtime's
/// durable figures per provider, for the server tier of issue 16. Run it with <c>CALLMANAGER_PG_FSYNC=on</c> so the
/// PostgreSQL server syncs its WAL like a production server (the test fixture's default is fsync=off). For each provider and
/// number of callers: N instances started (starts/s), the process's resident memory with N instances suspended, then each
/// resumed once (resumptions/s, database commits per resumption, process CPU per resumption).
/// </summary>
public sealed class ServerRuntimeBenchmark : IBenchmark
{
    private const double TargetRate = 5000;

    public string Name => "runtime-server";

    public async Task RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0]) : 2000;
        var callers = (args.Length > 1 ? args[1] : "8,32").Split(',').Select(int.Parse).ToList();
        var providers = (args.Length > 2 ? args[2] : "postgresql,sqlite").Split(',').Select(p => Enum.Parse<DatabaseProvider>(p, ignoreCase: true)).ToList();
        Console.WriteLine($"# PostgreSQL: local server with fsync={PostgresServer.Fsync} (CALLMANAGER_PG_FSYNC=on for production durability); SQLite: synchronous=NORMAL, WAL");
        foreach (var provider in providers)
            foreach (var parallelism in callers)
            {
                using var database = TestDatabase.Create(provider);
                await using var bench = await CallManagerBench.CreateAsync(database, parallelism);
                var label = $"runtime_server.{provider.ToString().ToLowerInvariant()}.{parallelism}_callers";
                var before = Resident();
                var starts = await Measure.TimeAsync(n, () => bench.StartConcurrentlyAsync(n, "s"));
                var suspended = Resident();
                using var commits = new CommitCounter();
                var resumptions = await Measure.TimeAsync(n, () => bench.ResumeAsync(n, "s"), () => commits.Count / (double)n);
                Console.WriteLine($"{label}.starts_per_s: {starts.Rate:F0} ({starts.CpuMicroseconds:F0} µs CPU each)");
                Console.WriteLine($"{label}.resident_mb_with_{n}_suspended: {suspended / 1048576.0:F0} (before starting them: {before / 1048576.0:F0})");
                Console.WriteLine($"{label}.resumptions_per_s: {resumptions.Rate:F0} ({resumptions.CpuMicroseconds:F0} µs CPU each, {resumptions.CommitsPerResumption:F2} commits each)");
                if (provider == DatabaseProvider.PostgreSql)
                    Console.WriteLine($"{label}.target: {(resumptions.Rate >= TargetRate && resumptions.CommitsPerResumption <= 1 ? "MET" : "MISSED")} (>= {TargetRate:F0} durable resumptions/s, <= 1 commit each; fsync={PostgresServer.Fsync})");
            }
        Console.WriteLine($"# load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        PostgresServer.Instance.Dispose();
    }

    /// <summary>The process's resident memory after a full collection (what the suspended instances cost the host, if anything).</summary>
    private static long Resident()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
