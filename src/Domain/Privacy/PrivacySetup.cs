using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Privacy;

/// <summary>Registers retention, reading records, account activity, erasure and personal exports (sections <c>Retention</c>, <c>Privacy</c>).</summary>
public static class PrivacySetup
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection("Retention"));
        services.AddOptions<Records.PrivacyNoticeOptions>().Bind(configuration.GetSection("Privacy:Notice"));
        services.AddOptions<Exports.PersonalExportOptions>().Bind(configuration.GetSection("Privacy:Export"));
        services.AddScoped<Exports.PersonalDataCollector>().AddScoped<Exports.PersonalExportService>().AddScoped<Exports.PersonalExportJob>();
        return services.AddScoped<RetentionPlanner>().AddScoped<RetentionService>().AddScoped<RetentionJob>()
            .AddScoped<ReadingLog>().AddScoped<AccountActivityRecorder>().AddScoped<ErasureService>();
    }
}
