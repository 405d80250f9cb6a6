using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Workflow.Reviews;

/// <summary>Registers the services and activities of the reviews stage.</summary>
public static class ReviewsSetup
{
    public static IServiceCollection AddReviews(this IServiceCollection services) => services;
}
