using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;

namespace CallManager.Web.Commands;

/// <summary><c>create-admin --email ADDRESS --password SECRET</c>: creates an administrator (or promotes an existing account).</summary>
public sealed class CreateAdminCommand : ICliCommand
{
    public string Name => "create-admin";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var email = Option(args, "--email");
        var password = Option(args, "--password");
        if (email is null || password is null)
        {
            await Console.Error.WriteLineAsync("usage: dotnet run --project src/Web -- create-admin --email ADDRESS --password SECRET");
            return 2;
        }
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        await services.GetRequiredService<AccountService>().EnsureAdministratorAsync(email, password);
        Console.WriteLine($"Administrator {email} is ready.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
