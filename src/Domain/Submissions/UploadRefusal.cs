using CallManager.Domain.Common;

namespace CallManager.Domain.Submissions;

/// <summary>Why an uploaded file was refused.</summary>
public enum UploadProblem
{
    /// <summary>Larger than the field's limit.</summary>
    TooLarge,
    /// <summary>No bytes at all.</summary>
    Empty,
    /// <summary>The content is of no known type.</summary>
    UnrecognisedContent,
    /// <summary>The content is of a known type the field does not accept.</summary>
    TypeNotAccepted,
}

/// <summary>
/// A refused upload, with the reason as a value so that a page can word it its own way (naming the file) without
/// reading the English message.
/// </summary>
public sealed class UploadRefusal(UploadProblem problem, LocalizableText message, LocalizableText fieldMessage)
    : DomainException(DomainErrorKind.Invalid, message, new Dictionary<string, LocalizableText[]> { ["file"] = [fieldMessage] })
{
    /// <summary>What was wrong with the file.</summary>
    public UploadProblem Problem { get; } = problem;
}
