using CallManager.Domain.Accounts;
using CallManager.Domain.Notifications;

namespace CallManager.Domain.Reviews;

/// <summary>The mails of the review stage (templates review-*.{fr,en}.liquid), enqueued in the caller's unit of work.</summary>
public sealed class ReviewMails(IMailOutbox outbox)
{
    public const string Invitation = "review-invitation";
    public const string Assigned = "review-assigned";
    public const string Reminder = "review-reminder";

    /// <summary>Sends <paramref name="template"/> to <paramref name="user"/> in their language, the model built for that language.</summary>
    public Task ToUserAsync(AppUser user, string template, Func<string, object> model, string correlationId, CancellationToken ct = default) =>
        outbox.EnqueueAsync(new TemplatedMail(template, user.PreferredLanguage, [new MailRecipient(user.Email!, user.DisplayName)],
            model(user.PreferredLanguage), correlationId), ct);
}
