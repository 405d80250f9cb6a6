using CallManager.Domain.Selection.Applicants;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Selection.Deliberation;
using CallManager.Domain.Selection.Ranking;
using CallManager.Domain.Submissions;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Selection;

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
        services.AddScoped<ApplicationTimelines>();
        services.AddScoped<Documents.ApplicantDocuments>();
        return services;
    }
}
