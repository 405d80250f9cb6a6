using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's Fault: faults the instance on purpose with input <c>message</c> (and <c>code</c>, <c>category</c> when given), so it
/// stops with an incident an administrator sees and can retry, like any failing activity.
/// </summary>
public sealed class Fault : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var message = context.GetInput<string>("message") is { Length: > 0 } m ? m : "the workflow faulted on purpose";
        var code = context.GetInput<string>("code");
        var category = context.GetInput<string>("category");
        var label = string.Join(" ", new[] { category, code }.Where(s => !string.IsNullOrEmpty(s)));
        throw new WorkflowFaultedException(label.Length > 0 ? $"{label}: {message}" : message);
    }
}

/// <summary>The fault a <see cref="Fault"/> activity raises: its message is the incident's.</summary>
public sealed class WorkflowFaultedException(string message) : Exception(message);
