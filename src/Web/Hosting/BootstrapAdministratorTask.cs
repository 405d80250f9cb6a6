using CallManager.Domain.Accounts;
using Microsoft.Extensions.Options;

namespace CallManager.Web.Hosting;

/// <summary>At start-up: creates the roles, and the first administrator from <c>Bootstrap:AdminEmail</c>/<c>AdminPassword</c> when given.</summary>
public sealed class BootstrapAdministratorTask(AccountService accounts, IOptions<BootstrapOptions> options, ILogger<BootstrapAdministratorTask> logger) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await accounts.EnsureRolesAsync();
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.AdminEmail) || string.IsNullOrWhiteSpace(o.AdminPassword)) return;
        await accounts.EnsureAdministratorAsync(o.AdminEmail, o.AdminPassword);
        logger.LogInformation("Administrator {Email} is ready", o.AdminEmail);
    }
}
