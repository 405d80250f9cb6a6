namespace CallManager.Domain.Common;

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

/// <summary>
/// A business rule refused a request; the message tells the user what to fix. <see cref="Exception.Message"/> and
/// <see cref="Errors"/> are English; <see cref="Text"/> and <see cref="FieldTexts"/> keep the templates and values
/// so the web layer can show them in the reader's language.
/// </summary>
public class DomainException : Exception
{
    /// <summary>A refusal with English field messages (each one a template without values).</summary>
    public DomainException(DomainErrorKind kind, LocalizableText message, IReadOnlyDictionary<string, string[]>? errors = null)
        : this(kind, message, errors?.ToDictionary(e => e.Key, e => e.Value.Select(m => (LocalizableText)m).ToArray()) ?? [])
    {
    }

    /// <summary>A refusal with translatable field messages.</summary>
    public DomainException(DomainErrorKind kind, LocalizableText message, IReadOnlyDictionary<string, LocalizableText[]> fieldTexts)
        : base(message.ToString())
    {
        Kind = kind;
        Text = message;
        FieldTexts = fieldTexts;
        Errors = fieldTexts.ToDictionary(e => e.Key, e => e.Value.Select(m => m.ToString()).ToArray());
    }

    /// <summary>What kind of refusal this is.</summary>
    public DomainErrorKind Kind { get; }

    /// <summary>The message as a translatable text (its English form is <see cref="Exception.Message"/>).</summary>
    public LocalizableText Text { get; }

    /// <summary>Field-level problems (field → English messages), when the refusal is about input.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The same field-level problems as translatable texts.</summary>
    public IReadOnlyDictionary<string, LocalizableText[]> FieldTexts { get; }

    /// <summary>Not found: <paramref name="what"/> is the subject, e.g. "The section" or $"Call {code}".</summary>
    public static DomainException NotFound(LocalizableText what) => new(DomainErrorKind.NotFound, $"{what} was not found.");

    /// <summary>Invalid input; <paramref name="errors"/> tells which fields.</summary>
    public static DomainException Invalid(LocalizableText message, IReadOnlyDictionary<string, string[]>? errors = null) => new(DomainErrorKind.Invalid, message, errors);

    /// <summary>Invalid input with translatable field messages.</summary>
    public static DomainException Invalid(LocalizableText message, IReadOnlyDictionary<string, LocalizableText[]> errors) => new(DomainErrorKind.Invalid, message, errors);

    /// <summary>The request conflicts with the current state.</summary>
    public static DomainException Conflict(LocalizableText message) => new(DomainErrorKind.Conflict, message);

    /// <summary>The caller is not allowed.</summary>
    public static DomainException Forbidden(LocalizableText message) => new(DomainErrorKind.Forbidden, message);
}
