using CallManager.Web.Ui;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CallManager.Web.Hosting;

/// <summary>
/// Cross-site request forgery on the API: a state-changing <c>/api</c> request authenticated by the sign-in cookie must carry
/// the antiforgery header (<see cref="HeaderName"/>, its value from <c>GET /api/auth/antiforgery</c> or the pages' meta tag);
/// bearer-token clients are not concerned, as a browser never attaches their token by itself.
/// </summary>
public static class ApiAntiforgery
{
    /// <summary>The request header that carries the antiforgery token.</summary>
    public const string HeaderName = "X-CSRF-Token";

    /// <summary>The message of the refusal, in English (its French translation is in <c>DomainText.resx</c>).</summary>
    public const string RefusalMessage =
        "This request was signed in by the session cookie but carries no valid antiforgery token: send the X-CSRF-Token header (its value from GET /api/auth/antiforgery) or sign in with a bearer token.";

    /// <summary>Refuses, with 403 and a problem body, the cookie-authenticated unsafe API requests without a valid token.</summary>
    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (await NeedsTokenAsync(http) && !await HasValidTokenAsync(http))
        {
            await WriteRefusalAsync(http, DomainTexts.ReaderCulture(http));
            return;
        }
        await next(http);
    });

    /// <summary>
    /// True when an unsafe request outside <c>/api</c> (a workflow's HTTP endpoint that needs a user) is authenticated by the cookie
    /// without a valid token: the same rule as the API's.
    /// </summary>
    internal static async Task<bool> IsForgeableAsync(HttpContext http)
    {
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)) return false;
        if ((await http.AuthenticateAsync(IdentityConstants.BearerScheme)).Succeeded) return false;
        return (await http.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Succeeded && !await HasValidTokenAsync(http);
    }

    /// <summary>Writes the 403 refusal of a request without its antiforgery token.</summary>
    internal static Task WriteRefusalAsync(HttpContext http, System.Globalization.CultureInfo culture)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = DomainTexts.Translation(RefusalMessage, culture) ?? RefusalMessage,
            },
        }).AsTask();
    }

    /// <summary>Maps <c>GET /api/auth/antiforgery</c>: the header name and a token for the caller (and its cookie).</summary>
    public static void MapAntiforgeryToken(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/auth/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
                TypedResults.Ok(new AntiforgeryToken(HeaderName, antiforgery.GetAndStoreTokens(http).RequestToken!)))
            .WithTags("Accounts");

    private static async Task<bool> NeedsTokenAsync(HttpContext http)
    {
        var method = http.Request.Method;
        if (!http.Request.Path.StartsWithSegments("/api") || HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
            || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)) return false;
        // The composite scheme falls back to the cookie when the bearer token is missing or invalid: decide by the scheme that succeeded.
        if ((await http.AuthenticateAsync(IdentityConstants.BearerScheme)).Succeeded) return false;
        return (await http.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Succeeded;
    }

    private static async Task<bool> HasValidTokenAsync(HttpContext http)
    {
        // Only the header counts: reading a multipart form here would buffer an upload before the caller is known to be genuine.
        if (string.IsNullOrEmpty(http.Request.Headers[HeaderName])) return false;
        return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
    }
}

/// <summary>The antiforgery token a cookie-authenticated API client sends in <see cref="HeaderName"/>.</summary>
public sealed record AntiforgeryToken(string HeaderName, string Token);
