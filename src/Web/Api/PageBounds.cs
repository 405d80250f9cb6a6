using CallManager.Domain.Common;

namespace CallManager.Web.Api;

/// <summary>The bounds of a list's paging parameters: a value outside them is refused with the range, not clamped in silence.</summary>
public static class PageBounds
{
    /// <summary>The most rows one page may ask for.</summary>
    public const int MaxTake = 1000;

    /// <summary>The rows to skip (0 when not given), refused when negative.</summary>
    public static int Skip(int? skip) => skip is < 0
        ? throw DomainException.Invalid($"skip is {skip}: give 0 or more.", new Dictionary<string, LocalizableText[]> { ["skip"] = ["Give 0 or more."] })
        : skip ?? 0;

    /// <summary>The page size (100 when not given), refused outside 1 to <see cref="MaxTake"/>.</summary>
    public static int Take(int? take) => take is < 1 or > MaxTake
        ? throw DomainException.Invalid($"take is {take}: give a page size between 1 and {MaxTake}.", new Dictionary<string, LocalizableText[]> { ["take"] = [$"Give a page size between 1 and {MaxTake}."] })
        : take ?? 100;
}
