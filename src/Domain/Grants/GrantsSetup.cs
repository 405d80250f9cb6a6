using CallManager.Domain.Grants.Activities;
using CallManager.Domain.Submissions;
using CallManager.Runtime.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Grants;

/// <summary>Registers the services and activities of the grants stage.</summary>
public static class GrantsSetup
{
    public static IServiceCollection AddGrants(this IServiceCollection services) =>
        services.AddScoped<GrantService>().AddScoped<GrantAccess>().AddScoped<GrantLifecycle>().AddScoped<GrantMails>()
            .AddScoped<GrantReminders>().AddScoped<GrantCancellation>().AddScoped<Documents.GrantDocuments>()
            .AddScoped<IWithdrawalHandler>(sp => sp.GetRequiredService<GrantCancellation>())
            .AddScoped<IDeselectionHandler>(sp => sp.GetRequiredService<GrantCancellation>())
            .AddActivity<OpenGrant>("CallManager.OpenGrant")
            .AddActivity<NextGrantReminder>("CallManager.NextGrantReminder", outcomes: ["Wait", "Closed", "Cancelled"])
            .AddActivity<WaitForGrantReminder>("CallManager.WaitForGrantReminder", outcomes: ["Due", "Changed"])
            .AddActivity<SendGrantReminders>("CallManager.SendGrantReminders");
}
