using CallManager.Runtime.Contracts;
using Microsoft.Extensions.Logging;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's WriteLine: writes input <c>text</c> as a line of the instance's journal (where Elsa writes to the console) and to the
/// log, then completes with "Done".
/// </summary>
public sealed class WriteLine(ILogger<WriteLine> logger) : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var text = context.GetInput<string>("text") ?? "";
        context.Journal(text);
        logger.LogInformation("Workflow {DefinitionId} instance {InstanceId} at {ActivityId}: {Text}", context.DefinitionId, context.InstanceId, context.ActivityId, text);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
