using CallManager.Web.Hosting;
using CallManager.Domain.Accounts;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Language;

/// <summary>The FR/EN switch: remembers the choice in the culture cookie (and on the account) and returns to the page.</summary>
public sealed class IndexModel(AppUserManager users, TimeProvider clock) : PageModel
{
    public IActionResult OnGet(string? returnUrl) => LocalRedirect(Safe(returnUrl));

    public async Task<IActionResult> OnPostAsync(string culture, string? returnUrl)
    {
        if (!UiSetup.Cultures.Contains(culture)) culture = UiSetup.Cultures[0];
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user && user.PreferredLanguage != culture)
        {
            // Mails follow the language the person reads the site in.
            user.PreferredLanguage = culture;
            await users.UpdateAsync(user);
        }
        return LocalRedirect(Safe(returnUrl));
    }

    private string Safe(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
}
