namespace CallManager.Workflow.Common;

/// <summary>The kind of a refused request, which the web layer maps to an HTTP status.</summary>
public enum DomainErrorKind
{
    /// <summary>The input is malformed or violates a rule (400/422).</summary>
    Invalid,
    /// <summary>The resource does not exist or the caller may not know it exists (404).</summary>
    NotFound,
    /// <summary>The caller is known but not allowed (403).</summary>
    Forbidden,
    /// <summary>The request conflicts with the current state, e.g. after a deadline (409).</summary>
    Conflict,
}

/// <summary>A business rule refused a request; the message tells the user what to fix.</summary>
public class DomainException(DomainErrorKind kind, string message, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(message)
{
    /// <summary>What kind of refusal this is.</summary>
    public DomainErrorKind Kind { get; } = kind;

    /// <summary>Field-level problems (field → messages), when the refusal is about input.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    public static DomainException NotFound(string what) => new(DomainErrorKind.NotFound, $"{what} was not found.");
    public static DomainException Invalid(string message, IReadOnlyDictionary<string, string[]>? errors = null) => new(DomainErrorKind.Invalid, message, errors);
    public static DomainException Conflict(string message) => new(DomainErrorKind.Conflict, message);
    public static DomainException Forbidden(string message) => new(DomainErrorKind.Forbidden, message);
}
