using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Runtime.Contracts;

/// <summary>
/// A registered activity type: the type name used in definitions, the class that runs it, the inputs a
/// definition must give (checked when a definition is validated) and, when fixed, its outcomes (the ports a
/// connection may leave from; null when they depend on the definition, as for Switch).
/// </summary>
public sealed record ActivityDescriptor(
    string TypeName,
    Type ActivityType,
    IReadOnlyList<string> RequiredInputs,
    IReadOnlyList<string>? Outcomes)
{
    /// <summary>Prefix accepted in front of every type name, so definitions exported from Elsa Studio run unchanged.</summary>
    public const string ElsaPrefix = "Elsa.";
}

/// <summary>Registration of activity types: <c>services.AddActivity&lt;CloseSubmissions&gt;("CallManager.CloseSubmissions")</c>.</summary>
public static class ActivityRegistration
{
    /// <summary>
    /// Registers <typeparamref name="T"/> under <paramref name="typeName"/> (also accepted with the "Elsa." prefix).
    /// <paramref name="requiredInputs"/> are refused when missing from a definition; <paramref name="outcomes"/>
    /// (default "Done") are the ports connections may leave from, or null for any port.
    /// </summary>
    public static IServiceCollection AddActivity<T>(this IServiceCollection services, string typeName,
        string[]? requiredInputs = null, string[]? outcomes = null) where T : class, IActivity
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        services.AddTransient<T>();
        services.AddSingleton(new ActivityDescriptor(typeName, typeof(T), requiredInputs ?? [], outcomes ?? [ActivityResult.DoneOutcome]));
        return services;
    }

    /// <summary>Registers an activity whose outcomes depend on the definition (any port name is accepted).</summary>
    public static IServiceCollection AddActivityWithAnyOutcome<T>(this IServiceCollection services, string typeName,
        string[]? requiredInputs = null) where T : class, IActivity
    {
        services.AddTransient<T>();
        services.AddSingleton(new ActivityDescriptor(typeName, typeof(T), requiredInputs ?? [], null));
        return services;
    }
}
