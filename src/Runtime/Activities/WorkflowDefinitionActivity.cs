using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// A published definition used as an activity of another (Elsa writes the child's name as the activity type, with
/// <c>workflowDefinitionId</c>): the activity's inputs named like the child's declared inputs become the child's input, the child runs as
/// a child instance (its own journal) and the activity waits for its end; then each of the child's outputs goes where the activity's
/// output of that name points, and the activity leaves by the outcomes the child completed with (Elsa's Complete), "Done" otherwise.
/// Elsa runs the child inside the parent, so a child's fault faults the parent here too. The latest published version of the child runs.
/// </summary>
public sealed class WorkflowDefinitionActivity : IActivity
{
    /// <summary>The registered type name; definitions name the child instead (the loader resolves them to this type).</summary>
    public const string TypeName = "WorkflowDefinitionActivity";

    private static readonly HashSet<string> NotInputs = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "type", "name", "version", "nodeId", "metadata", "customProperties", "workflowDefinitionId", "workflowDefinitionVersionId",
        "latestAvailablePublishedVersion", "latestAvailablePublishedVersionId", "canStartWorkflow", "runAsynchronously",
    };

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (version, definition) = await ChildWorkflows.PublishedAsync(context, context.Node["workflowDefinitionId"]?.ToString());
        var input = new JsonObject();
        foreach (var (property, _) in context.Node.Where(p => !NotInputs.Contains(p.Key)).ToList())
            if (definition.Inputs.FirstOrDefault(i => string.Equals(i, property, StringComparison.OrdinalIgnoreCase)) is { } declared)
                input[declared] = context.GetInput(property);
        var childId = ChildWorkflows.Start(context, version, context.CorrelationId, input, wait: true);
        return ActivityResult.Suspend(BookmarkRequest.Signal(ChildWorkflowRequest.Signal(childId)));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        var notice = ChildWorkflows.Notice.Read(context.Payload);
        if (notice.SubStatus != "Finished")
            throw new InvalidOperationException($"its workflow '{context.Node["workflowDefinitionId"]}' (instance {notice.InstanceId}) ended {notice.SubStatus}: {notice.Incident ?? "no reason given"}");
        foreach (var (name, value) in notice.Output)
            if (context.Node.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: { } property })
                ChildWorkflows.Store(context, property, value?.DeepClone());
        context.Journal($"child instance {notice.InstanceId} ended with {string.Join(",", notice.Outcomes)}");
        return ValueTask.FromResult(ActivityResult.Outcome([.. notice.Outcomes]));
    }
}
