using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Workflow.Audit;

/// <summary>Registers the audit log.</summary>
public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddScoped<AuditLog>().AddScoped<AuditQueries>();
}
