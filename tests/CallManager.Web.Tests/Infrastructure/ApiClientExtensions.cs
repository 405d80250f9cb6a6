using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallManager.Domain.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Infrastructure;

/// <summary>Helpers to create accounts directly and sign in through the real <c>/api/auth/login</c> endpoint.</summary>
public static class ApiClientExtensions
{
    public const string Password = "Correct-Horse-42";

    /// <summary>Creates a confirmed account in <paramref name="role"/> with <see cref="Password"/>.</summary>
    public static async Task<AppUser> CreateUserAsync(this CallManagerApp app, string email, string role, string language = "fr")
    {
        using var scope = app.Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        await accounts.EnsureRolesAsync();
        var users = scope.ServiceProvider.GetRequiredService<AppUserManager>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], PreferredLanguage = language };
        var created = await users.CreateAsync(user, Password, role);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>A client signed in as <paramref name="email"/> with a bearer token from <c>/api/auth/login</c>.</summary>
    public static async Task<HttpClient> LoginAsync(this CallManagerApp app, string email, string password = Password)
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>
    /// A client signed in as <paramref name="email"/> by the session cookie, as the pages' own scripts are: with
    /// <paramref name="antiforgery"/> it sends the <c>X-CSRF-Token</c> header from <c>GET /api/auth/antiforgery</c>, as a
    /// same-origin client does; without it, it sends what a cross-site page can make a browser send (the cookie alone).
    /// </summary>
    public static async Task<HttpClient> CookieLoginAsync(this CallManagerApp app, string email, bool antiforgery = true, string password = Password)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password });
        response.EnsureSuccessStatusCode();
        if (!antiforgery) return client;
        using var token = JsonDocument.Parse(await client.GetStringAsync("/api/auth/antiforgery"));
        client.DefaultRequestHeaders.Add(token.RootElement.GetProperty("headerName").GetString()!, token.RootElement.GetProperty("token").GetString());
        return client;
    }

    /// <summary>Creates an account in <paramref name="role"/> and returns a client signed in as it.</summary>
    public static async Task<HttpClient> ClientAsAsync(this CallManagerApp app, string email, string role, string language = "fr")
    {
        await app.CreateUserAsync(email, role, language);
        return await app.LoginAsync(email);
    }
}
