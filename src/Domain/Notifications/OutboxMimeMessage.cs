using MimeKit;

namespace CallManager.Domain.Notifications;

/// <summary>Builds the MIME message of an outbox row: the same Message-Id and Date on every attempt.</summary>
public static class OutboxMimeMessage
{
    /// <summary>The message for <paramref name="row"/>, sent by <paramref name="from"/>.</summary>
    public static MimeMessage Build(OutboxMessage row, MailSender from)
    {
        var message = new MimeMessage
        {
            MessageId = row.MessageId,
            Date = row.CreatedAt,
            Subject = row.Subject,
        };
        message.From.Add(new MailboxAddress(from.Name, from.Address));
        message.To.AddRange(InternetAddressList.Parse(row.Recipients));
        message.Headers.Add("X-CallManager-Kind", row.Kind);
        var body = new BodyBuilder { TextBody = row.TextBody, HtmlBody = row.HtmlBody };
        message.Body = body.ToMessageBody();
        // Content-* headers belong to the top-level entity (MimeKit keeps them on the body, written in the message header block).
        message.Body.Headers[HeaderId.ContentLanguage] = row.Language;
        return message;
    }
}
