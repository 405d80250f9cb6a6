using CallManager.Domain.Accounts;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.AspNetCore.Identity;

namespace CallManager.Web.Hosting;

/// <summary>Identity's account mails (confirmation, password reset) sent through the mail outbox in the user's language.</summary>
/// <remarks>Identity resolves its mail sender when the endpoints are mapped, long before a request: the outbox is resolved per mail, in the request's scope.</remarks>
public sealed class AccountMailer(IHttpContextAccessor http) : IEmailSender<AppUser>
{
    public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) =>
        SendAsync(user, email, "account-confirmation", new { name = user.DisplayName, link = confirmationLink });

    public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) =>
        SendAsync(user, email, "account-password-reset", new { name = user.DisplayName, link = resetLink });

    public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) =>
        SendAsync(user, email, "account-password-reset-code", new { name = user.DisplayName, code = resetCode });

    /// <summary>Tells the owner of <paramref name="user"/> that someone tried to register their address again, with links to sign in and to reset the password.</summary>
    public Task SendAlreadyRegisteredAsync(AppUser user, string email, string signInLink, string resetLink) =>
        SendAsync(user, email, "account-already-registered", new { name = user.DisplayName, link = signInLink, reset = resetLink });

    private async Task SendAsync(AppUser user, string email, string template, object model)
    {
        var services = http.HttpContext?.RequestServices ?? throw new InvalidOperationException("Account mails are sent during a request.");
        await services.GetRequiredService<IMailOutbox>().EnqueueAsync(new TemplatedMail(template, user.PreferredLanguage, [new MailRecipient(email, user.DisplayName)], model, user.Id));
        await services.GetRequiredService<CallManagerDbContext>().SaveChangesAsync();
    }
}
