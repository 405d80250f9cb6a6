using System.Diagnostics;
using System.Reflection;
using System.Text;
using CallManager.Domain.Audit;
using CallManager.Domain.Hosting;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Outbox;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// No half-done change: a child process (tests/CallManager.KillTarget, mode "outbox") saves changes, each with the start of
/// a workflow recorded in the same transaction, and delivers the start just after; it is killed with SIGKILL while changes
/// are saved but not yet delivered. Start-up's dispatcher pass then delivers them: every change has exactly one workflow.
/// </summary>
[Collection(RuntimeCollection.Name)] // not in parallel with other tests: the child keeps both cores busy
public class WorkflowOutboxKillTests(ITestOutputHelper output)
{
    private const int SavedBeforeKill = 150;

    [Fact]
    public async Task Every_change_saved_before_a_SIGKILL_has_its_workflow_started_exactly_once_after_the_start_up_pass()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        var (saved, acked, exitCode, stderr) = await RunAndKillAsync(database.Options.SqliteFilePath()!);
        if (OperatingSystem.IsLinux()) Assert.True(exitCode == 128 + 9, $"the child exited with {exitCode}: {stderr}");

        await using var services = new ServiceCollection().AddLogging().AddCallManagerCore(database.Options).BuildServiceProvider();
        var pendingBefore = await CountAsync(services, db => db.Set<WorkflowOutboxItem>().CountAsync(i => i.DeliveredAt == null));
        var delivered = await services.GetRequiredService<WorkflowOutboxDispatcher>().DeliverDueAsync(CancellationToken.None);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var changes = await db.Set<AuditEntry>().Where(e => e.Action == "kill.change").Select(e => e.EntityId).ToListAsync();
        var instances = (await db.Set<WorkflowInstance>().Where(i => i.DefinitionId == SignalWorkflow.Id).Select(i => i.CorrelationId!).ToListAsync())
            .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{saved.Count} changes acknowledged as saved, {acked.Count} delivered inline before the kill; " +
                         $"{changes.Count} in the database, {pendingBefore} pending at restart, {delivered} delivered by the start-up pass");

        Assert.True(saved.Count >= SavedBeforeKill);
        Assert.Empty(saved.Except(changes));
        Assert.True(pendingBefore > 0, "the kill landed nowhere between a change and its delivery");
        Assert.Equal(pendingBefore, delivered);
        Assert.Equal(changes.Order(), instances.Keys.Order());
        Assert.All(instances.Values, count => Assert.Equal(1, count));
        Assert.Equal(0, await db.Set<WorkflowOutboxItem>().CountAsync(i => i.DeliveredAt == null));
        // The links, with the key the child used (the same key file); heads are per deployment and not written by this test.
        Assert.True((await new AuditLog(db, TimeProvider.System, services.GetRequiredService<AuditChainKey>()).VerifyAsync(head: null)).Intact);
    }

    private static async Task<int> CountAsync(IServiceProvider services, Func<CallManagerDbContext, Task<int>> count)
    {
        await using var scope = services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<CallManagerDbContext>());
    }

    private static async Task<(List<string> Saved, List<string> Acked, int ExitCode, string Stderr)> RunAndKillAsync(string file)
    {
        var saved = new List<string>();
        var acked = new List<string>();
        var stderr = new StringBuilder();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", ProcessKillTests.KillTargetDll(), "outbox", file }) start.ArgumentList.Add(arg);
        using var child = new Process { StartInfo = start };
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (saved)
            {
                if (e.Data.StartsWith("ack ", StringComparison.Ordinal)) acked.Add(e.Data[4..]);
                else saved.Add(e.Data.StartsWith("saved ", StringComparison.Ordinal) ? e.Data[6..] : e.Data);
                if (saved.Count >= SavedBeforeKill) enough.TrySetResult();
            }
        };
        child.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        try
        {
            var first = await Task.WhenAny(enough.Task, child.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
            if (first != enough.Task) Assert.Fail($"the child saved {saved.Count} changes then stopped or stalled; its stderr:\n{stderr}");
            child.Kill(); // SIGKILL on Linux
        }
        finally
        {
            if (!child.HasExited) child.Kill();
            using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await child.WaitForExitAsync(drained.Token);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        lock (saved) return ([.. saved], [.. acked], child.ExitCode, stderr.ToString());
    }
}
