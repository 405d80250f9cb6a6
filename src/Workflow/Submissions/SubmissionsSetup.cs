using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Workflow.Submissions;

/// <summary>Registers the dossier services (the attachment store and the outbox come from their own stages).</summary>
public static class SubmissionsSetup
{
    public static IServiceCollection AddSubmissions(this IServiceCollection services) =>
        services.AddScoped<ApplicationService>().AddScoped<ApplicationAccess>().AddScoped<ApplicationLifecycle>()
            .AddScoped<EligibilityService>().AddScoped<SubmissionMails>().AddScoped<Accounts.ActorResolver>();
}
