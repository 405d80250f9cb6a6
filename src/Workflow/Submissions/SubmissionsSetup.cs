using CallManager.Workflow.Runtime.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Workflow.Submissions;

/// <summary>Registers the dossier services (the attachment store and the outbox come from their own stages).</summary>
public static class SubmissionsSetup
{
    public static IServiceCollection AddSubmissions(this IServiceCollection services) =>
        services.AddSingleton(_ => Territories.Territories.Load()).AddScoped<ApplicationService>().AddScoped<ApplicationAccess>().AddScoped<ApplicationLifecycle>()
            .AddScoped<EligibilityService>().AddScoped<Calls.IEligibilityRulesChangedHandler, EligibilityReevaluation>().AddScoped<DossierWorkflow>().AddScoped<SubmissionMails>().AddScoped<Accounts.ActorResolver>()
            .AddActivity<Activities.SendDraftReminders>("CallManager.SendDraftReminders")
            .AddActivity<Activities.CloseSubmissions>("CallManager.CloseSubmissions")
            .AddActivity<Activities.WaitForDossierDue>("CallManager.WaitForDossierDue", outcomes: ["Done", Activities.WaitForDossierDue.Resolved])
            .AddActivity<Activities.SendMissingDocumentsReminder>("CallManager.SendMissingDocumentsReminder")
            .AddActivity<Activities.MissingDocumentsOverdue>("CallManager.MissingDocumentsOverdue");
}
