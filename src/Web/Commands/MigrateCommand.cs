using CallManager.Domain.Persistence;

namespace CallManager.Web.Commands;

/// <summary><c>migrate</c>: applies every pending migration of the configured provider, then exits.</summary>
public sealed class MigrateCommand : ICliCommand
{
    public string Name => "migrate";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        Console.WriteLine($"Database is up to date ({services.GetRequiredService<CallManagerDbContext>().Provider}).");
        return 0;
    }
}
