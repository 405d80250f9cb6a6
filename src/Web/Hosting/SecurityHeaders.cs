using System.Security.Cryptography;

namespace CallManager.Web.Hosting;

/// <summary>
/// Security headers on every response: a strict Content-Security-Policy with a per-request nonce (no inline script or style
/// without it), nosniff, Referrer-Policy, Permissions-Policy, no framing; the Hangfire dashboard, which writes inline script
/// and style, gets its own relaxed policy.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "cm-csp-nonce";
    private const string FramableKey = "cm-framable";

    /// <summary>The policy of a dossier's file shown inside one of our pages: framed by this origin only, nothing else allowed.</summary>
    public const string FramedDocumentPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";

    /// <summary>Lets this response (a PDF or an image of a dossier) be framed by the application's own pages, and nothing else.</summary>
    public static void AllowSameOriginFraming(this HttpContext http) => http.Items[FramableKey] = true;

    /// <summary>The nonce of this response's policy, for a <c>&lt;script nonce&gt;</c> or <c>&lt;style nonce&gt;</c> a page may need.</summary>
    public static string CspNonce(this HttpContext http) =>
        http.Items[NonceKey] as string ?? throw new InvalidOperationException("UseSecurityHeaders must run before the page.");

    /// <summary>The policy of a page, with <paramref name="nonce"/>.</summary>
    public static string PagePolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The dashboard's policy: its own pages need inline script and style; still no framing and no foreign origin.</summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers (and, outside Development, HSTS on HTTPS requests).</summary>
    public static void UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use((http, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
            // Chosen now: a mapped branch (the dashboard) moves its prefix from Path to PathBase before the response starts.
            var policy = http.Request.Path.StartsWithSegments("/hangfire") ? DashboardPolicy : PagePolicy(nonce);
            // Set when the response starts: an exception handler clears the headers set before it.
            http.Response.OnStarting(() =>
            {
                Apply(http, policy);
                return Task.CompletedTask;
            });
            return next(http);
        });
    }

    private static void Apply(HttpContext http, string policy)
    {
        var headers = http.Response.Headers;
        var framable = http.Items.ContainsKey(FramableKey);
        headers.ContentSecurityPolicy = framable ? FramedDocumentPolicy : policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = framable ? "SAMEORIGIN" : "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
