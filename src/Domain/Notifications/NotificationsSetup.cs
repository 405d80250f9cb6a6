using CallManager.Domain.Notifications.Activities;
using CallManager.Runtime.Contracts;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Notifications;

/// <summary>Registers the mail outbox, its templates, transports, dispatcher (service and health check) from section <c>Mail</c>.</summary>
public static class NotificationsSetup
{
    /// <summary>Adds the notifications stage, configured from <paramref name="configuration"/>'s <c>Mail</c> section.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection("Mail"))
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From.Address, out _), "Mail:From:Address must be an e-mail address.")
            .Validate(o => o.Dispatcher.PollInterval > TimeSpan.Zero && o.Dispatcher.Lease > TimeSpan.Zero && o.Dispatcher.UnhealthyAfter > TimeSpan.Zero,
                "Mail:Dispatcher:PollInterval, Mail:Dispatcher:Lease and Mail:Dispatcher:UnhealthyAfter must be positive durations (hh:mm:ss).")
            .Validate(o => o.Dispatcher.MaxAttempts >= 1 && o.Dispatcher.BatchSize >= 1,
                "Mail:Dispatcher:MaxAttempts and Mail:Dispatcher:BatchSize must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<MailTemplates>();
        services.AddSingleton<MailTransports>();
        services.AddSingleton<OutboxDispatcherHeartbeat>();
        services.AddSingleton<OutboxSignal>();
        // Joins every pooled DbContext (CallManagerSetup adds the IInterceptor services): wakes the dispatcher after mail is committed.
        services.AddSingleton<IInterceptor, OutboxEnqueuedInterceptor>();
        services.AddScoped<IMailOutbox, MailOutbox>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<OutboxAdministration>();
        services.AddHostedService<OutboxDispatcherService>();
        services.AddHealthChecks().AddCheck<MailHealthCheck>("mail");
        return services.AddSendEmailActivity();
    }

    /// <summary>Adds the workflow activity <c>SendEmail</c> (also "Elsa.SendEmail"), which puts a mail in the scope's <see cref="IMailOutbox"/>.</summary>
    public static IServiceCollection AddSendEmailActivity(this IServiceCollection services) =>
        services.AddActivity<SendEmail>("SendEmail", ["to", "subject"]);
}
