using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CallManager.Web.Hosting;
using CallManager.Web.Ui;
using CallManager.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Account;

/// <summary>Self-registration of an applicant; a confirmation link is mailed when the platform requires one.</summary>
[AllowAnonymous]
public sealed class RegisterModel(
    Registration registration, AccountRateLimits limits, SignInManager<AppUser> signIn, AccountsOptions accounts, AccountLinks links,
    IEmailSender<AppUser> mailer) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (await limits.TryAttemptAsync(RateLimitBucket.Registration, Input.Email, HttpContext.RequestAborted) is { } wait)
        {
            await RateLimits.RejectAsync(HttpContext, wait);
            return new EmptyResult();
        }
        var registered = await registration.RegisterApplicantAsync(Input.Email, Input.DisplayName, Input.Password, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
        if (!registered.Result.Succeeded)
        {
            foreach (var group in registered.Result.Errors.GroupBy(e => FieldOf(e.Code)))
                ModelState.AddIdentityErrors(IdentityResult.Failed([.. group]), group.Key);
            return Page();
        }
        // An address that already had an account gets the same answer as a new one; its owner was mailed instead.
        if (registered.Created is not { } user) return RedirectToPage("RegisterConfirmation", new { email = Input.Email.Trim() });
        if (!accounts.RequireConfirmedEmail)
        {
            await signIn.SignInAsync(user, isPersistent: false);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        await mailer.SendConfirmationLinkAsync(user, user.Email!, await links.ConfirmEmailAsync(user));
        return RedirectToPage("RegisterConfirmation", new { email = user.Email });
    }

    private static string FieldOf(string code) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "Input.Password",
        "DuplicateUserName" or "DuplicateEmail" or "InvalidEmail" or "InvalidUserName" => "Input.Email",
        _ => "",
    };

    /// <summary>What the applicant types in.</summary>
    public sealed class Command
    {
        [Display(Name = "Account.DisplayName"), Required(ErrorMessage = "Account.DisplayName.Required"), StringLength(100, ErrorMessage = "Account.DisplayName.Length")]
        public string DisplayName { get; set; } = "";

        [Display(Name = "Account.Email"), Required(ErrorMessage = "Account.Email.Required"), EmailAddress(ErrorMessage = "Account.Email.Invalid")]
        public string Email { get; set; } = "";

        [Display(Name = "Account.Password"), Required(ErrorMessage = "Account.Password.Required"), StringLength(200, MinimumLength = 10, ErrorMessage = "Account.Password.Length")]
        public string Password { get; set; } = "";

        [Display(Name = "Account.ConfirmPassword"), Required(ErrorMessage = "Account.ConfirmPassword.Required"), Compare(nameof(Password), ErrorMessage = "Account.ConfirmPassword.Mismatch")]
        public string ConfirmPassword { get; set; } = "";
    }
}
