using CallManager.Workflow.Selection.Applicants;
using CallManager.Workflow.Selection.Complaints;
using CallManager.Workflow.Selection.Decisions;
using CallManager.Workflow.Selection.Deliberation;
using CallManager.Workflow.Selection.Ranking;
using CallManager.Workflow.Submissions;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Workflow.Selection;

/// <summary>Registers the services of the selection stage: ranking, deliberation, decisions, complaints, reserve promotion.</summary>
public static class SelectionSetup
{
    public static IServiceCollection AddSelection(this IServiceCollection services)
    {
        services.AddScoped<SnapshotBuilder>();
        services.AddScoped<RankingService>();
        services.AddScoped<DeliberationService>();
        services.AddScoped<DecisionLetters>();
        services.AddScoped<SelectionStimuli>();
        services.AddScoped<DecisionService>();
        services.AddScoped<ComplaintMails>();
        services.AddScoped<ComplaintService>().AddScoped<ComplaintLifecycle>();
        services.AddScoped<IWithdrawalHandler, ReservePromotion>();
        services.AddScoped<ApplicantDecisions>();
        services.AddScoped<DossierTimelines>();
        return services;
    }
}
