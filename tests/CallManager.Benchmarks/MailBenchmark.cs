using System.Diagnostics;
using CallManager.Testing;
using CallManager.Domain.Hosting;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Benchmarks;

/// <summary>
/// <c>mail [N]</c>: enqueue-and-save and dispatch throughput of the outbox to the real SMTP test server, per provider, with one
/// and two dispatchers at once (database commits per mail while dispatching); <c>MAIL_PICKUP=1</c> writes .eml files instead,
/// to separate database from SMTP costs.
/// </summary>
public sealed class MailBenchmark : IBenchmark
{
    public string Name => "mail";

    public async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 500;
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
            foreach (var dispatchers in new[] { 1, 2 })
                await RunAsync(provider, dispatchers, count);
    }

    private static async Task RunAsync(DatabaseProvider provider, int dispatchers, int count)
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var settings = new Dictionary<string, string?>
        {
            ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = smtp.Port.ToString(), ["Mail:Smtp:Security"] = "None",
            ["Mail:Dispatcher:BatchSize"] = "100", ["Mail:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "cm-bench-mail", Guid.NewGuid().ToString("N")),
        };
        if (Environment.GetEnvironmentVariable("MAIL_PICKUP") == "1") settings["Mail:Smtp:Host"] = "";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddCallManagerCore(database.Options, configuration);
        await using var provider_ = services.BuildServiceProvider();

        // Warm-up (JIT, query compilation, first connections), not measured.
        await EnqueueAsync(provider_, 50);
        await DispatchAllAsync(provider_, 1, 50);
        if (Environment.GetEnvironmentVariable("MAIL_PICKUP") != "1") await smtp.WaitForAsync(50, TimeSpan.FromMinutes(1));
        smtp.Clear();

        var watch = Stopwatch.StartNew();
        await EnqueueAsync(provider_, count);
        var enqueue = watch.Elapsed;

        using var commits = new CommitCounter();
        watch.Restart();
        await DispatchAllAsync(provider_, dispatchers, count);
        if (Environment.GetEnvironmentVariable("MAIL_PICKUP") != "1") await smtp.WaitForAsync(count, TimeSpan.FromMinutes(5));
        var dispatch = watch.Elapsed;
        var dispatchCommits = commits.Count;
        var label = $"{provider.ToString().ToLowerInvariant()}.{dispatchers}-dispatcher";
        Console.WriteLine($"mail.{label}.enqueue_per_s: {count / enqueue.TotalSeconds:0}");
        Console.WriteLine($"mail.{label}.dispatch_per_s: {count / dispatch.TotalSeconds:0}");
        Console.WriteLine($"mail.{label}.dispatch_commits_per_mail: {(double)dispatchCommits / count:0.00}");
        Console.WriteLine($"mail.{label}.received: {smtp.Messages.Count} ({smtp.Messages.Select(m => m.MessageId).Distinct().Count()} distinct)");
    }

    private static async Task EnqueueAsync(IServiceProvider services, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMailOutbox>().EnqueueAsync(new TemplatedMail("test-message", "fr",
                [new MailRecipient($"applicant{i}@example.org")], new { RecipientName = $"Applicant {i}" }));
            await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().SaveChangesAsync();
        }
    }

    /// <summary>Runs passes of <paramref name="dispatchers"/> dispatchers at once until <paramref name="count"/> mails were sent.</summary>
    private static async Task DispatchAllAsync(IServiceProvider services, int dispatchers, int count)
    {
        var sent = 0;
        while (sent < count)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, dispatchers).Select(_ => Task.Run(async () =>
            {
                await using var scope = services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
            })));
            sent += results.Sum(r => r.Sent);
        }
    }
}
