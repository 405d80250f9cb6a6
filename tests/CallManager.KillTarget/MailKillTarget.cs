using CallManager.Testing;
using CallManager.Domain.Hosting;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// <c>mail &lt;sqlite file&gt; &lt;smtp port&gt;</c>: one dispatcher pass on the outbox of the SQLite file, sending to the SMTP server on
/// 127.0.0.1, on the test clock (<see cref="TestClock.Start"/>). When the server has accepted the batch and the outcomes are
/// about to be saved, it prints "accepted &lt;Message-Id&gt;..." and waits there to be killed (the kill test's SIGKILL).
/// </summary>
internal static class MailKillTarget
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[1], out var port))
        {
            Console.Error.WriteLine("usage: CallManager.KillTarget mail <sqlite file> <smtp port>");
            return 2;
        }
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={args[0]}", SqliteSynchronous = "NORMAL" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = port.ToString(), ["Mail:Smtp:Security"] = "None",
            ["Mail:From:Address"] = "calls@funder.example",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
            .AddSingleton<TimeProvider>(TestClock.Create())
            .AddSingleton<IInterceptor, StopBeforeOutcomeSave>();
        services.AddCallManagerCore(options, configuration);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        Console.Error.WriteLine("the pass ended without reaching the outcome save");
        return 3;
    }

    private sealed class StopBeforeOutcomeSave : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            var sent = eventData.Context!.ChangeTracker.Entries<OutboxMessage>()
                .Where(e => e.State == EntityState.Modified && e.Entity.Status == OutboxStatus.Sent).Select(e => e.Entity.MessageId).ToList();
            if (sent.Count == 0) return ValueTask.FromResult(result);
            Console.Out.WriteLine($"accepted {string.Join(' ', sent)}");
            Console.Out.Flush();
            Thread.Sleep(Timeout.Infinite); // the test kills the process here, between the server's acceptance and the save
            return ValueTask.FromResult(result);
        }
    }
}
