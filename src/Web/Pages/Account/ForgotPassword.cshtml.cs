using System.ComponentModel.DataAnnotations;
using CallManager.Domain.Accounts;
using CallManager.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Account;

/// <summary>Asks for a password-reset link by mail; the answer is the same whether the address has an account or not.</summary>
[AllowAnonymous]
public sealed class ForgotPasswordModel(AppUserManager users, AccountLinks links, IEmailSender<AppUser> mailer, AccountRateLimits limits) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();

    /// <summary>Set once the request is taken: the page then says to check the mailbox.</summary>
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (await limits.TryAttemptAsync(RateLimitBucket.PasswordReset, Input.Email, HttpContext.RequestAborted) is { } wait)
        {
            await RateLimits.RejectAsync(HttpContext, wait);
            return new EmptyResult();
        }
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        // Only confirmed addresses get a link; nobody learns from this page whether an account exists.
        if (user is { EmailConfirmed: true, Email: not null }) await mailer.SendPasswordResetLinkAsync(user, user.Email, await links.ResetPasswordAsync(user));
        Sent = true;
        return Page();
    }

    /// <summary>The address of the account.</summary>
    public sealed class Command
    {
        [Display(Name = "Account.Email"), Required(ErrorMessage = "Account.Email.Required"), EmailAddress(ErrorMessage = "Account.Email.Invalid")]
        public string Email { get; set; } = "";
    }
}
