using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallManager.Workflow.Notifications;

/// <summary>Registers the mail outbox, its templates, transports, dispatcher (service and health check) from section <c>Mail</c>.</summary>
public static class NotificationsSetup
{
    /// <summary>Adds the notifications stage, configured from <paramref name="configuration"/>'s <c>Mail</c> section.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection("Mail"));
        services.AddSingleton<MailTemplates>();
        services.AddSingleton<MailTransports>();
        services.AddSingleton<OutboxDispatcherHeartbeat>();
        services.AddScoped<IMailOutbox, MailOutbox>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<OutboxAdministration>();
        services.AddHostedService<OutboxDispatcherService>();
        services.AddHealthChecks().AddCheck<MailHealthCheck>("mail");
        return services;
    }
}
