using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Audit;

/// <summary>Registers the audit log, its chain key and its heads (section <c>Audit</c>).</summary>
public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection("Audit"));
        services.AddSingleton(sp => AuditChainKey.Load(sp.GetRequiredService<IOptions<AuditOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<AuditChainKey>()));
        services.AddSingleton<AuditChainWriter>();
        // Joins every pooled DbContext (CallManagerSetup adds the IInterceptor services): a save waits for its entries' links.
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, AuditChainInterceptor>();
        services.AddHostedService<AuditChainWriterService>();
        return services.AddScoped<AuditLog>().AddScoped<AuditQueries>().AddScoped<AuditHeads>().AddScoped<AuditHeadJob>();
    }
}
