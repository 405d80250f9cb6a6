using System.Collections.Concurrent;
using CallManager.Workflow.Notifications;
using Microsoft.Extensions.Logging;

namespace CallManager.Workflow.Submissions;

/// <summary>
/// Stand-in outbox used only while no real one is registered (the outbox, templates and SMTP dispatcher come from
/// branch <c>mail</c>, which replaces this registration): it logs each mail and keeps it in <see cref="Sent"/>.
/// </summary>
public sealed class RecordingMailOutbox(ILogger<RecordingMailOutbox> logger) : IMailOutbox
{
    /// <summary>Every mail enqueued in this process, oldest first.</summary>
    public static readonly ConcurrentQueue<TemplatedMail> Sent = new();

    public Task<Guid> EnqueueAsync(TemplatedMail mail, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(mail);
        logger.LogInformation("Mail {Template} ({Language}) to {To}", mail.Template, mail.Language, string.Join(", ", mail.To.Select(t => t.Address)));
        return Task.FromResult(Guid.NewGuid());
    }

    public Guid Enqueue(RenderedMail mail)
    {
        logger.LogInformation("Mail {Subject} to {To}", mail.Subject, string.Join(", ", mail.To.Select(t => t.Address)));
        return Guid.NewGuid();
    }
}
