using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's Break: leaves the nearest While or ForEach (the loader connects it to what follows the loop and names the loop in
/// input <c>loop</c>), resetting a ForEach so that entering it again starts from its first item.
/// </summary>
public sealed class Break : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Node["loop"]?.ToString() is { Length: > 0 } loop) context.SetVariable(ForEach.StateVariable(loop), null);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
