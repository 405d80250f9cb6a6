using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Privacy;

/// <summary>Registers retention, reading records and account activity (section <c>Retention</c>).</summary>
public static class PrivacySetup
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection("Retention"));
        return services.AddScoped<RetentionPlanner>().AddScoped<RetentionService>().AddScoped<RetentionJob>()
            .AddScoped<ReadingLog>().AddScoped<AccountActivityRecorder>().AddScoped<ErasureService>();
    }
}
