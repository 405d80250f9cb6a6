using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's ExecuteWorkflow: starts an instance of the latest published version of <c>workflowDefinitionId</c> with <c>input</c> and
/// <c>correlationId</c>, in the same commit as this step. With <c>waitForCompletion</c> it waits for the child's end (however long the
/// child stays suspended, restarts included), then stores Elsa's result in <c>result</c>: the ExecuteWorkflowResult
/// (<c>workflowInstanceId</c>, <c>status</c>, <c>subStatus</c>, <c>output</c>) when the child ended at once, the child's output when it
/// ended later, as Elsa does. A faulted child does not fault the parent: its sub-status says Faulted and it keeps its incident. Without
/// waiting it completes at once, <c>result</c> holding the child's id.
/// </summary>
public sealed class ExecuteWorkflow : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (version, _) = await ChildWorkflows.PublishedAsync(context, context.GetInput<string>("workflowDefinitionId"));
        var wait = context.GetInput<bool?>("waitForCompletion") ?? false;
        var childId = ChildWorkflows.Start(context, version, context.GetInput<string>("correlationId"), ChildWorkflows.Dictionary(context.GetInput("input"), "input"), wait);
        if (wait) return ActivityResult.Suspend(BookmarkRequest.Signal(ChildWorkflowRequest.Signal(childId)));
        ChildWorkflows.Store(context, "result", new System.Text.Json.Nodes.JsonObject { ["workflowInstanceId"] = childId.ToString(), ["status"] = "Running" });
        return ActivityResult.Done();
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        var notice = ChildWorkflows.Notice.Read(context.Payload);
        context.Journal($"child instance {notice.InstanceId} ended ({notice.SubStatus})");
        ChildWorkflows.Store(context, "result", notice.SameStep ? notice.Result() : notice.Output.DeepClone());
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>
/// Elsa's DispatchWorkflow: starts a child instance like <see cref="ExecuteWorkflow"/>; with <c>waitForCompletion</c> it waits for the
/// child's end and stores the child's output in <c>result</c>, otherwise it completes at once.
/// </summary>
public sealed class DispatchWorkflow : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (version, _) = await ChildWorkflows.PublishedAsync(context, context.GetInput<string>("workflowDefinitionId"));
        var wait = context.GetInput<bool?>("waitForCompletion") ?? false;
        var childId = ChildWorkflows.Start(context, version, context.GetInput<string>("correlationId"), ChildWorkflows.Dictionary(context.GetInput("input"), "input"), wait);
        return wait ? ActivityResult.Suspend(BookmarkRequest.Signal(ChildWorkflowRequest.Signal(childId))) : ActivityResult.Done();
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        var notice = ChildWorkflows.Notice.Read(context.Payload);
        context.Journal($"child instance {notice.InstanceId} ended ({notice.SubStatus})");
        ChildWorkflows.Store(context, "result", notice.Output.DeepClone());
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
