using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's SetOutput: sets the workflow output named by input <c>outputName</c> to the value of <c>outputValue</c>. Outputs are saved
/// with the instance, read by administrators and the workflows API, and handed to a parent waiting for this instance.
/// </summary>
public sealed class SetOutput : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.GetInput<string>("outputName") is { Length: > 0 } n ? n
            : throw new InvalidOperationException("SetOutput needs input 'outputName' naming one of the definition's outputs; the expression gave nothing.");
        context.SetOutput(name, context.GetInput("outputValue"));
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
