using System.ComponentModel.DataAnnotations;
using CallManager.Web.Ui;
using CallManager.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Account;

/// <summary>Chooses a new password from the link of the "forgot password" mail (an Identity reset token), then back to sign in.</summary>
[AllowAnonymous]
public sealed class ResetPasswordModel(AppUserManager users) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public Command Input { get; set; } = new();

    /// <summary>The account's address; null when the link is damaged or unknown.</summary>
    public string? Email { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await FindAsync() is null ? LinkInvalid() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await FindAsync();
        if (user is null) return LinkInvalid();
        if (!ModelState.IsValid) return Page();
        var reset = await users.ResetPasswordAsync(user, AccountLinks.Decode(Code)!, Input.Password);
        if (reset.Succeeded) return Redirect("/Account/Login?reset=1");
        ModelState.AddIdentityErrors(reset, reset.Errors.Any(e => e.Code == "InvalidToken") ? "" : "Input.Password");
        return Page();
    }

    private async Task<AppUser?> FindAsync()
    {
        var user = UserId is null || AccountLinks.Decode(Code) is null ? null : await users.FindByIdAsync(UserId);
        Email = user?.Email;
        return user;
    }

    private IActionResult LinkInvalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return new PageResult { ViewData = ViewData };
    }

    /// <summary>The new password, typed twice.</summary>
    public sealed class Command
    {
        [Display(Name = "Account.NewPassword"), Required(ErrorMessage = "Account.Password.Required"), StringLength(200, MinimumLength = 10, ErrorMessage = "Account.Password.Length")]
        public string Password { get; set; } = "";

        [Display(Name = "Account.ConfirmPassword"), Required(ErrorMessage = "Account.ConfirmPassword.Required"), Compare(nameof(Password), ErrorMessage = "Account.ConfirmPassword.Mismatch")]
        public string ConfirmPassword { get; set; } = "";
    }
}
