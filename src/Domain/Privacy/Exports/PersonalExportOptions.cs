namespace CallManager.Domain.Privacy.Exports;

/// <summary>Configuration section <c>Privacy:Export</c>.</summary>
public sealed class PersonalExportOptions
{
    /// <summary>How long a built archive can be downloaded before it is deleted.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);
}
