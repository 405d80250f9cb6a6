using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Organisations;

/// <summary>Registers the organisation services.</summary>
public static class OrganisationsSetup
{
    public static IServiceCollection AddOrganisations(this IServiceCollection services) => services.AddScoped<OrganisationService>().AddScoped<OrganisationQueries>();
}
