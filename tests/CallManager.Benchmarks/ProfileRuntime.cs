using CallManager.Testing;
using CallManager.Domain.Persistence;

namespace CallManager.Benchmarks;

/// <summary>
/// A long steady run of the runtime benchmark's resumptions on SQLite alone, for a profiler: every instance is started
/// first, <c>/tmp/callmanager-profile.ready</c> then holds the process id, and after two seconds only resumptions run.
/// Usage: <c>dotnet run -c Release --project tests/CallManager.Benchmarks -- runtime-profile [N per round] [rounds] [callers]</c>,
/// e.g. with <c>perf record -a -g</c> started once the file appears (and <c>DOTNET_PerfMapEnabled=1</c>).
/// </summary>
public sealed class ProfileRuntime : IBenchmark
{
    public string Name => "runtime-profile";

    public async Task RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0]) : 5000;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 6;
        var callers = args.Length > 2 ? int.Parse(args[2]) : 8;
        using var sqlite = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var bench = await CallManagerBench.CreateAsync(sqlite, callers);
        for (var r = 0; r < rounds; r++) await bench.StartAsync(n, $"p{r}");
        await File.WriteAllTextAsync("/tmp/callmanager-profile.ready", Environment.ProcessId.ToString());
        await Task.Delay(2000);
        using var commits = new CommitCounter();
        var total = n * rounds;
        var measure = await Measure.TimeAsync(total, async () =>
        {
            for (var r = 0; r < rounds; r++) await bench.ResumeAsync(n, $"p{r}");
        }, () => commits.Count / (double)total);
        Console.WriteLine($"{total} resumptions by {callers} callers: {measure.Rate:F0}/s, {measure.CpuMicroseconds:F0} µs CPU each, {measure.CommitsPerResumption:F2} commits each");
    }
}
