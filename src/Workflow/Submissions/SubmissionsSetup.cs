using CallManager.Workflow.Submissions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallManager.Workflow.Submissions;

/// <summary>Registers the dossier services and the attachment store.</summary>
public static class SubmissionsSetup
{
    public static IServiceCollection AddSubmissions(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Attachments").Get<AttachmentOptions>() ?? new AttachmentOptions());
        services.TryAddSingleton<IAttachmentStore, FileSystemAttachmentStore>();
        services.TryAddScoped<Notifications.IMailOutbox, RecordingMailOutbox>();
        return services.AddScoped<ApplicationService>().AddScoped<ApplicationAccess>().AddScoped<ApplicationLifecycle>()
            .AddScoped<EligibilityService>().AddScoped<SubmissionMails>().AddScoped<Accounts.ActorResolver>();
    }
}
