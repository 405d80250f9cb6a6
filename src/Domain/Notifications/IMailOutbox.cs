namespace CallManager.Domain.Notifications;

/// <summary>
/// The transactional mail outbox: a message is a row added to the caller's unit of work (the scoped DbContext),
/// so it is saved in the same transaction as the change that causes it — or not at all. A dispatcher sends
/// saved rows later, with retries, never twice.
/// </summary>
public interface IMailOutbox
{
    /// <summary>Renders template <see cref="TemplatedMail.Template"/> in the mail's language and adds it to the unit of work.</summary>
    Task<Guid> EnqueueAsync(TemplatedMail mail, CancellationToken cancellationToken = default);

    /// <summary>Adds an already-rendered message (e.g. from a workflow's SendEmail activity) to the unit of work.</summary>
    Guid Enqueue(RenderedMail mail);
}

/// <summary>One recipient of a mail.</summary>
public sealed record MailRecipient(string Address, string? Name = null);

/// <summary>A mail rendered from the Liquid template <paramref name="Template"/> (e.g. "submission-receipt") in <paramref name="Language"/> ("fr" or "en").</summary>
public sealed record TemplatedMail(
    string Template,
    string Language,
    IReadOnlyList<MailRecipient> To,
    object? Model,
    string? CorrelationId = null);

/// <summary>A mail whose subject and body are already rendered.</summary>
public sealed record RenderedMail(
    IReadOnlyList<MailRecipient> To,
    string Subject,
    string TextBody,
    string? HtmlBody = null,
    string Kind = "custom",
    string Language = "fr",
    string? CorrelationId = null);
