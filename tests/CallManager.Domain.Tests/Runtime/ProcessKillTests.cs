using System.Diagnostics;
using System.Reflection;
using System.Text;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// Durability of the group commit on SQLite with synchronous=NORMAL in WAL mode, and on PostgreSQL: a child process
/// (tests/CallManager.KillTarget) resumes instances from 8 concurrent callers and prints "ack &lt;correlation id&gt;" once
/// each StimulateAsync returned Delivered; it is killed with SIGKILL mid-run (no clean shutdown, no checkpoint), then the
/// database is reopened and every acknowledged resumption must be there, and no instance half-resumed (finished with
/// its bookmark left, or suspended with its resumption's journal row).
/// </summary>
/// <remarks>
/// It fails if a caller can hear of its resumption before the transaction holding it committed (an acknowledgement the
/// file does not hold after the kill), if a committed transaction is lost or torn by the kill (instance not Finished,
/// journal row missing), or if the file is corrupt. Checked by making the child ack before awaiting StimulateAsync: the
/// test then failed in 5 of 9 runs, each time on the 8 acknowledgements of the callers in flight. Such a failure depends
/// on where the kill lands, so a broken guarantee is caught often, not on every run.
/// </remarks>
[Collection(RuntimeCollection.Name)] // not in parallel with other tests: the child keeps both cores busy
public class ProcessKillTests(ITestOutputHelper output)
{
    private const int AcksBeforeKill = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Every_resumption_acknowledged_before_a_SIGKILL_is_finished_after_reopening_the_database(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider); // a temporary folder or database; the child migrates
        var file = database.Options.SqliteFilePath();

        var (acked, exitCode) = await RunAndKillAsync(file ?? database.Options.ConnectionString!);
        var walBytes = file is not null && File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0;

        if (OperatingSystem.IsLinux()) Assert.Equal(128 + 9, exitCode); // died of SIGKILL, not of its own accord
        await using var db = database.NewContext();
        if (provider == DatabaseProvider.Sqlite) Assert.Equal(["ok"], await IntegrityCheckAsync(db));
        var instances = await db.Set<WorkflowInstance>().AsNoTracking()
            .Select(i => new { i.Id, i.CorrelationId, i.Status }).ToListAsync();
        var journalRows = (await db.Set<WorkflowJournalStep>().AsNoTracking()
            .GroupBy(j => j.InstanceId).Select(g => new { g.Key, Rows = g.Count() }).ToListAsync())
            .ToDictionary(g => g.Key, g => g.Rows);
        var bookmarked = (await db.Set<WorkflowBookmark>().AsNoTracking().Select(b => b.InstanceId).ToListAsync()).ToHashSet();
        var halfDone = instances.Where(i => i.Status == WorkflowStatus.Finished
            ? bookmarked.Contains(i.Id) || journalRows.GetValueOrDefault(i.Id) != 2
            : i.Status != WorkflowStatus.Suspended || !bookmarked.Contains(i.Id) || journalRows.GetValueOrDefault(i.Id) != 1).ToList();
        var byCorrelation = instances.ToLookup(i => i.CorrelationId);
        var missing = acked.Where(id => !(byCorrelation[id].SingleOrDefault() is { } i
                                          && i.Status == WorkflowStatus.Finished && journalRows.GetValueOrDefault(i.Id) == 2)).ToList();
        var finished = instances.Count(i => i.Status == WorkflowStatus.Finished);
        output.WriteLine($"{acked.Count} resumptions acknowledged before the kill; {finished} instances finished, " +
                         $"{instances.Count} started; WAL {walBytes} bytes at reopening");

        Assert.True(missing.Count == 0, $"{missing.Count} of {acked.Count} acknowledged resumptions are not finished with their " +
                                        $"journal row after the kill, e.g. {string.Join(", ", missing.Take(10))}");
        Assert.True(acked.Count >= AcksBeforeKill);
        Assert.True(halfDone.Count == 0, $"{halfDone.Count} instances half-done after the kill, e.g. {string.Join(", ", halfDone.Take(10).Select(i => $"{i.CorrelationId} {i.Status}"))}");
    }

    /// <summary>Runs the child on <paramref name="file"/> (or PostgreSQL connection string), kills it after <see cref="AcksBeforeKill"/> acks, and returns every ack it wrote.</summary>
    private static async Task<(List<string> Acked, int ExitCode)> RunAndKillAsync(string file)
    {
        var acked = new List<string>();
        var stderr = new StringBuilder();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var child = new Process { StartInfo = ChildStartInfo(file) };
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (acked)
            {
                // Anything but an ack is kept as is: it then matches no correlation id and fails the test.
                acked.Add(e.Data.StartsWith("ack ", StringComparison.Ordinal) ? e.Data[4..] : e.Data);
                if (acked.Count >= AcksBeforeKill) enough.TrySetResult();
            }
        };
        child.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        try
        {
            var first = await Task.WhenAny(enough.Task, child.WaitForExitAsync(), Task.Delay(Patience));
            if (first != enough.Task)
                Assert.Fail($"the child {(child.HasExited ? $"exited with {child.ExitCode}" : $"did not acknowledge {AcksBeforeKill} resumptions within {Patience.TotalSeconds:F0} s")} " +
                            $"after {acked.Count} acks; its stderr:\n{Stderr(stderr)}");
            child.Kill(); // SIGKILL on Linux
        }
        finally
        {
            if (!child.HasExited) child.Kill();
            // Also drains the pipe: the acks the child wrote before it died count, even those read after the kill.
            using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await child.WaitForExitAsync(drained.Token);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
        lock (acked) return ([.. acked], child.ExitCode);
    }

    private static string Stderr(StringBuilder stderr)
    {
        lock (stderr) return stderr.ToString();
    }

    private static ProcessStartInfo ChildStartInfo(string file)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", KillTargetDll(), file, "NORMAL" }) start.ArgumentList.Add(arg);
        return start;
    }

    /// <summary>
    /// The child's dll, built by the test project's reference: beside the tests, or in its own bin folder for the same
    /// configuration and framework (tests/CallManager.Domain.Tests/bin/Debug/net10.0 → tests/CallManager.KillTarget/bin/Debug/net10.0).
    /// </summary>
    internal static string KillTargetDll()
    {
        const string name = "CallManager.KillTarget";
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = typeof(ProcessKillTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? here.Parent!.Name;
        var candidates = new List<string> { Path.Combine(here.FullName, name + ".dll") };
        for (var folder = here; folder is not null; folder = folder.Parent)
            candidates.Add(Path.Combine(folder.FullName, name, "bin", configuration, here.Name, name + ".dll"));
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new FileNotFoundException($"{name}.dll not found (build tests/{name}); looked at:\n{string.Join("\n", candidates)}");
    }

    private static async Task<List<string>> IntegrityCheckAsync(CallManagerDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
