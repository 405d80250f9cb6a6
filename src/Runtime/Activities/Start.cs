using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>Where a flowchart begins: completes with "Done".</summary>
public sealed class Start : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>
/// Ends the workflow: the instance is Finished and its other bookmarks are removed. Elsa's Complete may name <c>outcomes</c>: a workflow
/// run as another's activity then leaves that activity by those ports.
/// </summary>
public sealed class Finish : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(context.HasInput("outcomes") ? ActivityResult.FinishWorkflow([.. Fork.Branches(Outcomes(context.GetInput("outcomes")))]) : ActivityResult.FinishWorkflow());

    /// <summary>A JSON array written as text (Elsa's Object and Json expressions may give one) read as the array.</summary>
    private static System.Text.Json.Nodes.JsonNode? Outcomes(System.Text.Json.Nodes.JsonNode? value) =>
        value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('[')
            ? System.Text.Json.Nodes.JsonNode.Parse(text)
            : value;
}
