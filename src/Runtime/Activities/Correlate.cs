using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's Correlate: sets the instance's correlation id to input <c>correlationId</c> (saved with the step). As in Elsa, the
/// bookmarks created from then on carry it, so stimuli for that correlation id resume them; instance queries find it by it.
/// </summary>
public sealed class Correlate : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var correlationId = context.GetInput<string>("correlationId")?.Trim();
        if (correlationId is { Length: > MaxLength })
            throw new InvalidOperationException($"Correlate: the correlation id has {correlationId.Length} characters, more than {MaxLength}. Shorten it.");
        context.SetCorrelationId(correlationId);
        return ValueTask.FromResult(ActivityResult.Done());
    }

    /// <summary>The longest correlation id an instance keeps (its column's length).</summary>
    public const int MaxLength = 200;
}
