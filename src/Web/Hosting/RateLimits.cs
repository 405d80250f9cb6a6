using System.Globalization;
using System.Threading.RateLimiting;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CallManager.Web.Hosting;

/// <summary>The account actions that are rate-limited, each with its own limits.</summary>
public enum RateLimitBucket
{
    SignIn,
    ApiToken,
    Registration,
    PasswordReset,
    Confirmation,
    /// <summary>Requests to the workflows' HTTP endpoints (anonymous ones start instances).</summary>
    WorkflowHttp,
}

/// <summary>Attempts allowed per window, from one client address and for one account.</summary>
public sealed class RateLimitRule
{
    /// <summary>Attempts one client address may make per window.</summary>
    public int PerClient { get; set; }

    /// <summary>Attempts that may name one account (its e-mail address) per window, from anywhere; 0 = no account limit.</summary>
    public int PerAccount { get; set; }

    /// <summary>The window the attempts are counted in.</summary>
    public TimeSpan Window { get; set; }
}

/// <summary>The <c>RateLimits</c> section: the limits of each account action (sign-in, registration, reset, confirmation, API tokens).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Limits are applied; off only where a test must sign in many accounts from one address.</summary>
    public bool Enabled { get; set; } = true;

    public RateLimitRule SignIn { get; set; } = new() { PerClient = 30, PerAccount = 10, Window = TimeSpan.FromMinutes(15) };
    public RateLimitRule ApiToken { get; set; } = new() { PerClient = 60, Window = TimeSpan.FromMinutes(1) };
    public RateLimitRule Registration { get; set; } = new() { PerClient = 10, PerAccount = 3, Window = TimeSpan.FromHours(1) };
    public RateLimitRule PasswordReset { get; set; } = new() { PerClient = 10, PerAccount = 3, Window = TimeSpan.FromHours(1) };
    public RateLimitRule Confirmation { get; set; } = new() { PerClient = 20, PerAccount = 3, Window = TimeSpan.FromHours(1) };
    public RateLimitRule WorkflowHttp { get; set; } = new() { PerClient = 120, Window = TimeSpan.FromMinutes(1) };

    /// <summary>The rule of <paramref name="bucket"/>.</summary>
    public RateLimitRule Rule(RateLimitBucket bucket) => bucket switch
    {
        RateLimitBucket.SignIn => SignIn,
        RateLimitBucket.ApiToken => ApiToken,
        RateLimitBucket.Registration => Registration,
        RateLimitBucket.PasswordReset => PasswordReset,
        RateLimitBucket.WorkflowHttp => WorkflowHttp,
        _ => Confirmation,
    };
}

/// <summary>
/// Rate limits on the account actions with the framework's rate limiter: per client address for every sign-in, registration,
/// reset, confirmation and token request (page or API), and per account for those that name one (<see cref="AccountRateLimits"/>),
/// counted in the database (<see cref="DatabaseRateLimiter{TResource}"/>) so they hold across the hosts that share it.
/// A refusal is a 429 with <c>Retry-After</c>: problem details for the API, the error page for browsers.
/// </summary>
public static class RateLimits
{
    /// <summary>The English message of a refusal (its French translation is in <c>DomainText.resx</c>).</summary>
    public const string RefusalMessage = "Too many attempts: wait {0} seconds before trying again.";

    /// <summary>Registers the limits read from the <c>RateLimits</c> section.</summary>
    public static void AddCallManagerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(options);
        services.AddSingleton<AccountRateLimits>();
        services.AddRateLimiter(o =>
        {
            o.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                return new ValueTask(RejectAsync(context.HttpContext, retryAfter));
            };
        });
        // The counters are kept in the database, so several hosts on one database share each limit.
        services.AddOptions<RateLimiterOptions>().Configure<IServiceScopeFactory, TimeProvider, ILoggerFactory>((o, scopes, clock, logs) =>
            o.GlobalLimiter = new DatabaseRateLimiter<HttpContext>(http =>
                    options.Enabled && Classify(http.Request) is { } bucket
                        ? new RateLimitPartitionRule($"{bucket}|{ClientOf(http)}", options.Rule(bucket).PerClient, options.Rule(bucket).Window)
                        : null,
                scopes, clock, logs.CreateLogger("CallManager.Web.Hosting.RateLimits")));
    }

    /// <summary>The window limiter of one partition.</summary>
    public static FixedWindowRateLimiterOptions Limiter(int permits, TimeSpan window) =>
        new() { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0, AutoReplenishment = true };

    /// <summary>The account action a request attempts, or null when it is not limited.</summary>
    public static RateLimitBucket? Classify(HttpRequest request)
    {
        var path = request.Path;
        var post = HttpMethods.IsPost(request.Method);
        if (post && (path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/auth/login", StringComparison.OrdinalIgnoreCase)))
            return RateLimitBucket.SignIn;
        if (post && path.Equals("/api/auth/refresh", StringComparison.OrdinalIgnoreCase)) return RateLimitBucket.ApiToken;
        if (post && (path.Equals("/Account/Register", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/auth/register", StringComparison.OrdinalIgnoreCase)))
            return RateLimitBucket.Registration;
        if (post && (path.Equals("/Account/ForgotPassword", StringComparison.OrdinalIgnoreCase) || path.Equals("/Account/ResetPassword", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/api/auth/forgotPassword", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/auth/resetPassword", StringComparison.OrdinalIgnoreCase)))
            return RateLimitBucket.PasswordReset;
        if ((HttpMethods.IsGet(request.Method) && (path.Equals("/Account/ConfirmEmail", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/auth/confirmEmail", StringComparison.OrdinalIgnoreCase)))
            || (post && path.Equals("/api/auth/resendConfirmationEmail", StringComparison.OrdinalIgnoreCase)))
            return RateLimitBucket.Confirmation;
        if (Api.WorkflowHttpEndpoints.Serves(request.HttpContext)) return RateLimitBucket.WorkflowHttp;
        return null;
    }

    /// <summary>Answers 429 with <c>Retry-After</c>: problem details on the API, the error page (re-executed) for browsers.</summary>
    public static async Task RejectAsync(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Items[nameof(RetryAfter)] = seconds;
        if (!UiSetup.IsApi(http)) return;
        var culture = DomainTexts.ReaderCulture(http);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = string.Format(culture, DomainTexts.Translation(RefusalMessage, culture) ?? RefusalMessage, seconds),
            },
        });
    }

    /// <summary>The seconds a refused request was told to wait, for the error page; null when it was not refused for its rate.</summary>
    public static int? RetryAfter(HttpContext http) => http.Items.TryGetValue(nameof(RetryAfter), out var value) ? value as int? : null;

    /// <summary>The rate limiter in the pipeline (the error page it re-executes into is not an account action, so it is not limited).</summary>
    public static IApplicationBuilder UseCallManagerRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    private static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
