using CallManager.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser;

/// <summary>Signing in through the login page, as every browser test of a signed-in person starts.</summary>
public static class AdminSession
{
    /// <summary>Signs <paramref name="email"/> in with the test password and waits for the signed-in header.</summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(ApiClientExtensions.Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.Locator(".account-tools__name").WaitForAsync();
    }
}
