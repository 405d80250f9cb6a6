using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Hosting;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Outbox;
using CallManager.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// Usage: dotnet exec CallManager.KillTarget.dll outbox &lt;sqlite file&gt;. Forever, from 8 concurrent callers: one change (an
/// audit entry "kill.change" for a new id) saved with the start of the signal workflow for that id in the same transaction
/// (<see cref="WorkflowOutbox"/>), "saved &lt;id&gt;" printed, a short pause (the window a kill should land in), then the
/// inline delivery and "ack &lt;id&gt;". The test kills it and checks that every change gets its workflow exactly once.
/// </summary>
internal static class OutboxTarget
{
    public static async Task<int> RunAsync(string file)
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}", SqliteSynchronous = "NORMAL" };
        await using var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
            .AddCallManagerCore(options)
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<DefinitionStore>()
                .PublishAsync(scope.ServiceProvider.GetRequiredService<CallManagerDbContext>(), "signal.json", SignalWorkflow.Json);
        }
        var stdout = Console.Out;
        void Say(string line)
        {
            lock (stdout) { stdout.WriteLine(line); stdout.Flush(); }
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, int.MaxValue), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            var id = Guid.NewGuid().ToString("N");
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<WorkflowOutbox>();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(Actor.System, "KillChange", id, null, "kill.change", null, null, ct);
            outbox.Start(SignalWorkflow.Id, id);
            await db.SaveChangesAsync(ct);
            Say($"saved {id}");
            await Task.Delay(20, ct);
            await outbox.DeliverAsync(ct);
            Say($"ack {id}");
        });
        return 0;
    }
}
