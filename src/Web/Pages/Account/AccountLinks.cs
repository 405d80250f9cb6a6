using System.Text;
using CallManager.Domain.Accounts;
using Microsoft.AspNetCore.WebUtilities;

namespace CallManager.Web.Pages.Account;

/// <summary>The links mailed to people about their account: confirm an address, set a password from an invitation.</summary>
public sealed class AccountLinks(AppUserManager users, IHttpContextAccessor http)
{
    /// <summary>The absolute link to <c>/Account/ConfirmEmail</c> for <paramref name="user"/>.</summary>
    public async Task<string> ConfirmEmailAsync(AppUser user) =>
        Absolute($"/Account/ConfirmEmail?userId={Uri.EscapeDataString(user.Id)}&code={Encode(await users.GenerateEmailConfirmationTokenAsync(user))}");

    /// <summary>The absolute link to <c>/Account/SetPassword</c> for an invited <paramref name="user"/> (a password-reset token).</summary>
    public async Task<string> SetPasswordAsync(AppUser user) =>
        Absolute($"/Account/SetPassword?userId={Uri.EscapeDataString(user.Id)}&code={Encode(await users.GeneratePasswordResetTokenAsync(user))}");

    /// <summary>The absolute link to <c>/Account/ResetPassword</c> for <paramref name="user"/>, who forgot their password.</summary>
    public async Task<string> ResetPasswordAsync(AppUser user) =>
        Absolute($"/Account/ResetPassword?userId={Uri.EscapeDataString(user.Id)}&code={Encode(await users.GeneratePasswordResetTokenAsync(user))}");

    /// <summary>The absolute link to <c>/api/auth/confirmEmail</c> for <paramref name="user"/>, the one API clients registering through <c>/api/auth/register</c> get.</summary>
    public async Task<string> ApiConfirmEmailAsync(AppUser user) =>
        Absolute($"/api/auth/confirmEmail?userId={Uri.EscapeDataString(user.Id)}&code={Encode(await users.GenerateEmailConfirmationTokenAsync(user))}");

    /// <summary>Decodes a token from a link; null when the link was damaged.</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        try { return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code)); }
        catch (FormatException) { return null; }
    }

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The absolute URL of <paramref name="pathAndQuery"/> on the host the request came to.</summary>
    public string Absolute(string pathAndQuery)
    {
        var request = http.HttpContext?.Request ?? throw new InvalidOperationException("Account links are built during a request.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{pathAndQuery}";
    }
}
