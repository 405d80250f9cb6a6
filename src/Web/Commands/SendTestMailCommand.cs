using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;

namespace CallManager.Web.Commands;

/// <summary><c>mail test ADDRESS [fr|en]</c>: enqueues the "test-message" template and runs one dispatcher pass now (sending any other due mail too), to SMTP or data/mail.</summary>
public sealed class SendTestMailCommand : ICliCommand
{
    public string Name => "mail test";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (args.Length is < 1 or > 2)
            throw new ArgumentException("Usage: dotnet run --project src/Web -- mail test ADDRESS [fr|en]");
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        var language = args.Length == 2 ? args[1] : "fr";
        var id = await services.GetRequiredService<IMailOutbox>().EnqueueAsync(
            new TemplatedMail("test-message", language, [new MailRecipient(args[0])], new { Subject = "mail test" }), cancellationToken);
        await services.GetRequiredService<CallManagerDbContext>().SaveChangesAsync(cancellationToken);
        var result = await services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(cancellationToken);
        Console.WriteLine($"Mail {id}: {result.Sent} sent, {result.Failed} failed, via {services.GetRequiredService<MailTransports>().Describe()}.");
        return result.Failed == 0 ? 0 : 1;
    }
}
