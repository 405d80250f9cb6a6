using System.ComponentModel.DataAnnotations;
using CallManager.Web.Ui;
using CallManager.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Account;

/// <summary>An invited person (reviewer, administrator) chooses a password from the link in the invitation mail, then is signed in.</summary>
[AllowAnonymous]
public sealed class SetPasswordModel(AppUserManager users, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public Command Input { get; set; } = new();

    /// <summary>The invited person's address, shown so they know which account they set up.</summary>
    public string? Email { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await FindAsync();
        if (user is null) return LinkInvalid();
        Email = user.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await FindAsync();
        if (user is null) return LinkInvalid();
        Email = user.Email;
        if (!ModelState.IsValid) return Page();
        var reset = await users.ResetPasswordAsync(user, AccountLinks.Decode(Code)!, Input.Password);
        if (!reset.Succeeded)
        {
            ModelState.AddIdentityErrors(reset, reset.Errors.Any(e => e.Code == "InvalidToken") ? "" : "Input.Password");
            return Page();
        }
        if (!user.EmailConfirmed)
        {
            // The invitation reached this mailbox: the address is confirmed by the same link.
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }
        await signIn.SignInAsync(user, isPersistent: false);
        // An invited reviewer goes on to the jury space, where the declaration of conflicts waits.
        return LocalRedirect(await users.IsInRoleAsync(user, Roles.Reviewer) ? "/Jury" : "/");
    }

    private async Task<AppUser?> FindAsync() =>
        UserId is null || AccountLinks.Decode(Code) is null ? null : await users.FindByIdAsync(UserId);

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
