using CallManager.Runtime.Activities;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Expressions;

namespace CallManager.Runtime.Sqlite;

/// <summary>
/// The services of a step that needs no DI scope: the clock, the expression evaluator, the running scripts and the built-in activities that
/// touch no database (flow control, signals, timers, variables). A step whose definition uses any other activity, or
/// that asks for anything else, runs on the scoped path instead (<see cref="ScopeNeededException"/>).
/// </summary>
internal sealed class ScopeFreeServices(IServiceProvider root) : IServiceProvider
{
    private static readonly HashSet<Type> Activities =
    [
        typeof(Start), typeof(Finish), typeof(FlowDecision), typeof(Switch), typeof(Fork), typeof(FlowJoin),
        typeof(WaitForSignal), typeof(Delay), typeof(WaitUntil), typeof(SetVariable), typeof(SetOutput),
        typeof(SetName), typeof(Correlate), typeof(StartAt), typeof(Activities.Timer), typeof(Cron), typeof(RunJavaScript),
    ];

    /// <summary>True when every activity of <paramref name="definition"/> runs without a scope.</summary>
    public static bool Covers(FlowchartDefinition definition) =>
        definition.Activities.Values.All(a => Activities.Contains(a.Descriptor.ActivityType));

    public object? GetService(Type serviceType) =>
        serviceType == typeof(TimeProvider) || serviceType == typeof(ExpressionEvaluator) || serviceType == typeof(RunningScripts) || Activities.Contains(serviceType)
            ? root.GetService(serviceType)
            : throw new ScopeNeededException(serviceType);
}

/// <summary>A scope-free step asked for a scoped service: nothing of it is written, and it runs again on the scoped path.</summary>
internal sealed class ScopeNeededException(Type serviceType) : Exception($"{serviceType.Name} needs a DI scope.");
