using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Workflow.Grants;

/// <summary>Registers the services and activities of the grants stage.</summary>
public static class GrantsSetup
{
    public static IServiceCollection AddGrants(this IServiceCollection services) => services;
}
