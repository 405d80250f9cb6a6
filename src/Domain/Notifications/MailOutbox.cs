using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CallManager.Domain.Notifications;

/// <summary>
/// Adds mails to the caller's scoped <see cref="CallManagerDbContext"/>: nothing is written until the caller saves,
/// so a mail exists exactly when the change that causes it was committed.
/// </summary>
public sealed class MailOutbox(CallManagerDbContext db, MailTemplates templates, TimeProvider clock, IOptions<MailOptions> options) : IMailOutbox
{
    public async Task<Guid> EnqueueAsync(TemplatedMail mail, CancellationToken cancellationToken = default)
    {
        var rendered = await templates.RenderAsync(mail.Template, mail.Language, mail.Model);
        return Enqueue(new RenderedMail(mail.To, rendered.Subject, rendered.TextBody, rendered.HtmlBody, mail.Template, mail.Language, mail.CorrelationId));
    }

    public Guid Enqueue(RenderedMail mail)
    {
        var message = OutboxMessage.Create(mail.Kind, mail.Language, FormatRecipients(mail.To), mail.Subject, mail.TextBody,
            mail.HtmlBody, mail.CorrelationId, clock.GetUtcNow(), MessageIdDomain(options.Value));
        db.Add(message);
        return message.Id;
    }

    /// <summary>The recipients as one RFC 5322 list; refuses an empty list or an address that is not one.</summary>
    public static string FormatRecipients(IReadOnlyList<MailRecipient> to)
    {
        if (to.Count == 0) throw DomainException.Invalid("A mail needs at least one recipient.");
        var list = new InternetAddressList();
        foreach (var recipient in to)
        {
            if (!MailboxAddress.TryParse(recipient.Address, out var parsed) || parsed.Address.IndexOf('@') <= 0)
                throw DomainException.Invalid($"'{recipient.Address}' is not an e-mail address.");
            list.Add(new MailboxAddress(recipient.Name, parsed.Address));
        }
        return list.ToString();
    }

    /// <summary>The right part of every Message-Id: the sender's domain, so ids look like the site's own.</summary>
    public static string MessageIdDomain(MailOptions options)
    {
        var address = options.From.Address;
        var at = address.LastIndexOf('@');
        return at >= 0 && at < address.Length - 1 ? address[(at + 1)..] : "callmanager.local";
    }
}
