using CallManager.Runtime.Activities;
using CallManager.Runtime.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallManager.Runtime.Http;

/// <summary>Registers Elsa's HTTP activities, the HTTP stimulus (<see cref="HttpWorkflows"/>) and the client of outgoing requests.</summary>
public static class HttpActivitiesSetup
{
    /// <summary>Adds HttpEndpoint, WriteHttpResponse, SendHttpRequest and FlowSendHttpRequest, configured by <c>Workflows:Http</c>.</summary>
    public static IServiceCollection AddHttpActivities(this IServiceCollection services)
    {
        services.AddOptions<HttpWorkflowOptions>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(HttpWorkflowOptions.Section).Bind(o));
        services.TryAddScoped<HttpResponseSlot>();
        services.TryAddSingleton<HttpWorkflows>();
        services.TryAddTransient<OutgoingHttpRequest>();
        // Redirects are not followed: the next hop's host would escape the allowed list.
        services.AddHttpClient(OutgoingHttpRequest.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddActivity<HttpEndpoint>("HttpEndpoint", ["path"]);
        services.AddActivity<WriteHttpResponse>("WriteHttpResponse");
        services.AddActivity<SendHttpRequest>("SendHttpRequest", ["url"]);
        services.AddActivityWithAnyOutcome<FlowSendHttpRequest>("FlowSendHttpRequest", ["url"]);
        return services;
    }
}
