using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Account;

/// <summary>"Check your mailbox": shown after registering when the address must be confirmed.</summary>
[AllowAnonymous]
public sealed class RegisterConfirmationModel : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }

    public void OnGet() { }
}
