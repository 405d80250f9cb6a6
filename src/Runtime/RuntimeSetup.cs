using CallManager.Runtime.Activities;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Expressions;
using CallManager.Runtime.Http;
using CallManager.Runtime.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallManager.Runtime;

/// <summary>Registers the workflow runtime and its built-in activities (also reachable as "Elsa.X").</summary>
public static class RuntimeSetup
{
    /// <summary>Adds the runtime; stages then add their activities with <c>services.AddActivity&lt;T&gt;("CallManager.X")</c>.</summary>
    public static IServiceCollection AddRuntime(this IServiceCollection services)
    {
        services.AddOptions<RuntimeOptions>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection("Workflows").Bind(o));
        services.TryAddSingleton<ActivityRegistry>();
        services.TryAddSingleton<JavaScriptEngine>();
        services.TryAddSingleton<RunningScripts>();
        services.TryAddSingleton<LiquidRenderer>();
        services.TryAddSingleton<ExpressionEvaluator>();
        services.TryAddSingleton<DefinitionLoader>();
        services.TryAddSingleton<DefinitionStore>();
        services.TryAddSingleton<DefinitionFiles>();
        services.TryAddSingleton<Sqlite.GroupCommit>();
        services.TryAddSingleton<WorkflowRuntime>();
        services.TryAddSingleton<IWorkflowRuntime>(sp => sp.GetRequiredService<WorkflowRuntime>());
        services.TryAddTransient<TimerScheduler>();
        services.TryAddTransient<WorkflowTimerJob>();
        services.TryAddSingleton<Scheduling.IScheduledTriggers, Scheduling.UnscheduledTriggers>();
        services.TryAddScoped<WorkflowQueries>();
        services.TryAddScoped<DefinitionMigration>();
        services.TryAddScoped<WorkflowDiagrams>();
        services.TryAddScoped<RuntimeRetention>();
        services.TryAddScoped<RuntimeRetentionJob>();
        services.TryAddSingleton<Outbox.WorkflowOutboxInFlight>();
        services.TryAddScoped<Outbox.WorkflowOutbox>();
        services.TryAddSingleton<Outbox.WorkflowOutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Outbox.WorkflowOutboxDispatcher>());
        AddBuiltIns(services);
        services.AddHttpActivities();
        return services;
    }

    private static void AddBuiltIns(IServiceCollection services)
    {
        services.AddActivity<Start>("Start");
        services.AddActivity<Finish>("Finish", outcomes: []);
        services.AddActivity<Finish>("End", outcomes: []);
        services.AddActivity<Finish>("Complete", outcomes: []); // Elsa's Complete at a workflow's root finishes the workflow
        services.AddActivity<WriteLine>("WriteLine");
        services.AddActivity<Fault>("Fault", outcomes: []);
        services.AddActivity<FlowDecision>("FlowDecision", ["condition"], [FlowDecision.True, FlowDecision.False]);
        services.AddActivity<FlowDecision>("If", ["condition"], [FlowDecision.True, FlowDecision.False]);
        services.AddActivityWithAnyOutcome<Switch>("Switch", ["cases"]);
        services.AddActivityWithAnyOutcome<Switch>("FlowSwitch", ["cases"]);
        services.AddActivityWithAnyOutcome<Fork>("Fork", ["branches"]);
        services.AddActivityWithAnyOutcome<Fork>("FlowFork", ["branches"]);
        services.AddActivity<FlowJoin>("FlowJoin");
        services.AddActivity<WaitForSignal>("WaitForSignal", ["signal"]);
        services.AddActivity<WaitForSignal>("Event", ["eventName"]);
        services.AddActivity<Delay>("Delay", ["timeSpan"]);
        services.AddActivity<WaitUntil>("WaitUntil", ["dueAt"]);
        services.AddActivity<SetVariable>("SetVariable", ["variable"]);
        services.AddActivity<ForEach>("ForEach", ["items"], [ForEach.Iterate, ActivityResult.DoneOutcome]);
        services.AddActivity<ForEach>("ParallelForEach", ["items"], [ForEach.Iterate, ActivityResult.DoneOutcome]);
        services.AddActivity<Break>("Break");
        AddComposition(services);
        AddSchedulingAndScripts(services);
    }

    /// <summary>Workflows composed of workflows: outputs, child instances, a definition used as an activity.</summary>
    private static void AddComposition(IServiceCollection services)
    {
        services.AddActivity<SetOutput>("SetOutput", ["outputName"]);
        services.AddActivity<ExecuteWorkflow>("ExecuteWorkflow", ["workflowDefinitionId"]);
        services.AddActivity<DispatchWorkflow>("DispatchWorkflow", ["workflowDefinitionId"]);
        services.AddActivityWithAnyOutcome<WorkflowDefinitionActivity>(WorkflowDefinitionActivity.TypeName, ["workflowDefinitionId"]);
    }

    /// <summary>Elsa's scheduling activities (also triggers that start a definition by themselves), its naming ones, and RunJavaScript.</summary>
    private static void AddSchedulingAndScripts(IServiceCollection services)
    {
        services.AddActivity<SetName>("SetName", ["value"]);
        services.AddActivity<Correlate>("Correlate", ["correlationId"]);
        services.AddActivity<StartAt>("StartAt", ["dateTime"]);
        services.AddActivity<Activities.Timer>("Timer", ["interval"]);
        services.AddActivity<Cron>("Cron", ["cronExpression"]);
        services.AddActivityWithAnyOutcome<RunJavaScript>("RunJavaScript"); // its script chooses its ports (setOutcome)
    }
}
