using System.ComponentModel.DataAnnotations;
using CallManager.Web.Hosting;
using CallManager.Web.Resources;
using CallManager.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Pages.Account;

/// <summary>Signs a person in with the Identity cookie (locks the account out after repeated failures).</summary>
[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signIn, AccountRateLimits limits, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>Set when the account exists but its address is not confirmed yet.</summary>
    public bool NotConfirmed { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (await limits.TryAttemptAsync(RateLimitBucket.SignIn, Input.Email, HttpContext.RequestAborted) is { } wait)
        {
            await RateLimits.RejectAsync(HttpContext, wait);
            return new EmptyResult();
        }
        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        NotConfirmed = result.IsNotAllowed;
        ModelState.AddModelError(result.IsNotAllowed ? "" : "Input.Email",
            result.IsLockedOut ? text["Account.Login.LockedOut"] : result.IsNotAllowed ? text["Account.Login.NotConfirmed"] : text["Account.Login.Failed"]);
        return Page();
    }

    /// <summary>What the person types in.</summary>
    public sealed class Command
    {
        [Display(Name = "Account.Email"), Required(ErrorMessage = "Account.Email.Required")]
        public string Email { get; set; } = "";

        [Display(Name = "Account.Password"), Required(ErrorMessage = "Account.Password.Required")]
        public string Password { get; set; } = "";

        [Display(Name = "Account.RememberMe")]
        public bool RememberMe { get; set; }
    }
}
