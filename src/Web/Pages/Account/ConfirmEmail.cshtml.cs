using CallManager.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Account;

/// <summary>The target of the confirmation link mailed at registration.</summary>
[AllowAnonymous]
public sealed class ConfirmEmailModel(AppUserManager users) : PageModel
{
    /// <summary>True when the address is now confirmed.</summary>
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        var token = AccountLinks.Decode(code);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        Confirmed = user is not null && token is not null && (await users.ConfirmEmailAsync(user, token)).Succeeded;
        if (!Confirmed) Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
