using CallManager.Runtime.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Submissions;

/// <summary>Registers the dossier services (the attachment store and the outbox come from their own stages).</summary>
public static class SubmissionsSetup
{
    public static IServiceCollection AddSubmissions(this IServiceCollection services) =>
        services.AddSingleton(_ => Territories.Territories.Load()).AddScoped<ApplicationService>().AddScoped<ApplicationAccess>().AddScoped<ApplicationLifecycle>()
            .AddScoped<EligibilityService>().AddScoped<Calls.IEligibilityRulesChangedHandler, EligibilityReevaluation>().AddScoped<ApplicationWorkflow>().AddScoped<SubmissionMails>().AddScoped<Accounts.ActorResolver>()
            .AddActivity<Activities.SendDraftReminders>("CallManager.SendDraftReminders")
            .AddActivity<Activities.CloseSubmissions>("CallManager.CloseSubmissions")
            .AddActivity<Activities.WaitForApplicationDue>("CallManager.WaitForDossierDue", outcomes: ["Done", Activities.WaitForApplicationDue.Resolved])
            .AddActivity<Activities.SendMissingDocumentsReminder>("CallManager.SendMissingDocumentsReminder")
            .AddActivity<Activities.MissingDocumentsOverdue>("CallManager.MissingDocumentsOverdue");
}
