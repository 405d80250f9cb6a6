using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Activities;

/// <summary>Elsa's SetName: gives the instance the name of input <c>value</c> (saved with the step), shown in instance lists and queries.</summary>
public sealed class SetName : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.GetInput<string>("value")?.Trim();
        if (name is { Length: > MaxLength })
            throw new InvalidOperationException($"SetName: the name has {name.Length} characters, more than {MaxLength}. Shorten it.");
        context.SetInstanceName(name);
        return ValueTask.FromResult(ActivityResult.Done());
    }

    /// <summary>The longest name an instance keeps (its column's length).</summary>
    public const int MaxLength = 200;
}
