using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Workflow.Selection;

/// <summary>Registers the services and activities of the selection stage.</summary>
public static class SelectionSetup
{
    public static IServiceCollection AddSelection(this IServiceCollection services) => services;
}
