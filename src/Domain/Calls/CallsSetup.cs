using CallManager.Runtime.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Calls;

/// <summary>Registers the call services.</summary>
public static class CallsSetup
{
    public static IServiceCollection AddCalls(this IServiceCollection services) =>
        services.AddScoped<CallService>().AddScoped<CallTimers>().AddSingleton<ICallDateTimer, Activities.CallPhaseTimer>().AddScoped<CallLifecycle>().AddScoped<LateExceptionQueries>()
            .AddActivity<Activities.WaitForCallPhase>("CallManager.WaitForCallPhase", ["phase"]);
}
