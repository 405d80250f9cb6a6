namespace CallManager.Domain.Calls;

/// <summary>A setting of a form field that only some types use.</summary>
public enum FieldOption
{
    /// <summary>The longest answer, in characters.</summary>
    MaxLength,
    /// <summary>The smallest and largest number accepted.</summary>
    Range,
    /// <summary>The list of choices.</summary>
    Choices,
    /// <summary>The file kinds and the largest file accepted.</summary>
    Files,
}

/// <summary>Which settings each field type uses, as the answers are checked (<c>FormValidator</c>) and files accepted.</summary>
public static class FieldOptions
{
    /// <summary>The settings that apply to a field of type <paramref name="type"/>; the others are ignored and not kept.</summary>
    public static IReadOnlySet<FieldOption> For(FieldType type) => type switch
    {
        FieldType.ShortText or FieldType.LongText => new HashSet<FieldOption> { FieldOption.MaxLength },
        FieldType.Number or FieldType.Amount => new HashSet<FieldOption> { FieldOption.Range },
        FieldType.SingleChoice or FieldType.MultipleChoice => new HashSet<FieldOption> { FieldOption.Choices },
        FieldType.File => new HashSet<FieldOption> { FieldOption.Files },
        _ => new HashSet<FieldOption>(),
    };

    /// <summary>The field types that use <paramref name="option"/>.</summary>
    public static IEnumerable<FieldType> Using(FieldOption option) => Enum.GetValues<FieldType>().Where(t => For(t).Contains(option));
}
