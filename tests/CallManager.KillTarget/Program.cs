using CallManager.Domain.Hosting;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The process the kill test (tests/CallManager.Domain.Tests/Runtime/ProcessKillTests.cs) kills with SIGKILL.
// Usage: dotnet exec CallManager.KillTarget.dll <sqlite file | PostgreSQL connection string "Host=..."> [synchronous, NORMAL by default]
// Resumes instances of the signal workflow on the database, forever, from 8 concurrent callers. stdout carries
// only "ack <correlation id>" lines, each written once StimulateAsync returned Delivered, i.e. once its resumption's
// transaction committed; anything else goes to stderr.
if (args.Length > 0 && args[0] == "mail") return await MailKillTarget.RunAsync(args[1..]); // the mail outbox's kill test
if (args.Length == 2 && args[0] == "outbox") return await OutboxTarget.RunAsync(args[1]);
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: CallManager.KillTarget <sqlite file> [FULL|NORMAL|OFF]");
    return 2;
}
var postgres = args[0].StartsWith("Host=", StringComparison.Ordinal);
var options = new DatabaseOptions
{
    Provider = postgres ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite,
    ConnectionString = postgres ? args[0] : $"Data Source={args[0]}",
    SqliteSynchronous = args.Length > 1 ? args[1].ToUpperInvariant() : "NORMAL",
};
await using var services = new ServiceCollection()
    // Warnings and errors go to stderr (the test prints it on failure): stdout is the acknowledgements' alone.
    .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
    .AddCallManagerCore(options)
    .BuildServiceProvider();
await using (var scope = services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    var published = await scope.ServiceProvider.GetRequiredService<DefinitionStore>()
        .PublishAsync(scope.ServiceProvider.GetRequiredService<CallManagerDbContext>(), "signal.json", SignalWorkflow.Json);
    if (published.Outcome == PublishOutcome.Refused) throw new InvalidOperationException(string.Join("\n", published.Problems));
}

const int batch = 1000;
const int callers = 8;
var runtime = services.GetRequiredService<IWorkflowRuntime>();
var stdout = Console.Out;
var parallel = new ParallelOptions { MaxDegreeOfParallelism = callers };
for (var round = 0; ; round++)
{
    var ids = Enumerable.Range(0, batch).Select(i => $"r{round}-{i}").ToList();
    await Parallel.ForEachAsync(ids, parallel, async (id, ct) => await runtime.StartAsync(new StartRequest(SignalWorkflow.Id, id), ct));
    await Parallel.ForEachAsync(ids, parallel, async (id, ct) =>
    {
        var result = await runtime.StimulateAsync(new Stimulus(SignalWorkflow.Signal, id), ct);
        if (result.Outcome != StimulusOutcome.Delivered) throw new InvalidOperationException($"{id} was not resumed: {result.Outcome}");
        lock (stdout)
        {
            stdout.WriteLine($"ack {id}");
            stdout.Flush();
        }
    });
}
