namespace CallManager.Runtime.Contracts;

/// <summary>Finds the <see cref="ActivityDescriptor"/> of a type name, with or without the "Elsa." prefix.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, ActivityDescriptor> _byName = new(StringComparer.Ordinal);

    /// <summary>Builds the registry from every registered descriptor; a type name registered twice is a start-up error.</summary>
    public ActivityRegistry(IEnumerable<ActivityDescriptor> descriptors)
    {
        foreach (var descriptor in descriptors)
        {
            if (!_byName.TryAdd(descriptor.TypeName, descriptor))
                throw new InvalidOperationException(
                    $"Activity type '{descriptor.TypeName}' is registered twice ({_byName[descriptor.TypeName].ActivityType.Name} and {descriptor.ActivityType.Name}). Give one of them another name.");
        }
    }

    /// <summary>Every registered type name.</summary>
    public IEnumerable<string> TypeNames => _byName.Keys.Order();

    /// <summary>The descriptor of <paramref name="typeName"/> ("X" or "Elsa.X"), or null when unknown.</summary>
    public ActivityDescriptor? Find(string typeName)
    {
        if (_byName.TryGetValue(typeName, out var descriptor)) return descriptor;
        return typeName.StartsWith(ActivityDescriptor.ElsaPrefix, StringComparison.Ordinal)
            && _byName.TryGetValue(typeName[ActivityDescriptor.ElsaPrefix.Length..], out descriptor)
            ? descriptor
            : null;
    }
}
