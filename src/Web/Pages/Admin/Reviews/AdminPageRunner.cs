using CallManager.Web.Ui;
using CallManager.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Reviews;

/// <summary>Runs an administrator's form action: redirect with a notice on success, a refusal shown in the error summary otherwise.</summary>
public static class AdminPageRunner
{
    /// <summary>Runs <paramref name="action"/> as the signed-in actor; on an Invalid or Conflict refusal reloads the page with the message.</summary>
    public static async Task<IActionResult> RunAsync(this PageModel page, string redirect, Func<Actor, Task> action, Func<Task> reload)
    {
        if (page.ModelState.IsValid)
        {
            try
            {
                await action(await page.ActorAsync());
                return new RedirectResult(redirect);
            }
            catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
            {
                page.ModelState.AddModelError("", refusal.Localized());
            }
        }
        await reload();
        return page.Page();
    }
}
