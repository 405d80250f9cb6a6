using CallManager.Web.Commands;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using Microsoft.AspNetCore.Identity;

namespace CallManager.Web.Hosting;

/// <summary>ASP.NET Core Identity: accounts in the CallManager database, cookies for pages, bearer tokens for the API.</summary>
public static class AuthSetup
{
    private const string PagesOrApiScheme = "CallManager.PagesOrApi";

    /// <summary>Registers Identity (its messages in French or English), the role policies, the confirmation mailer, the bootstrap administrator and <c>create-admin</c>.</summary>
    public static void AddCallManagerAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var accounts = builder.Configuration.GetSection("Accounts").Get<AccountsOptions>() ?? new AccountsOptions();
        services.AddSingleton(accounts);
        services.Configure<BootstrapOptions>(builder.Configuration.GetSection("Bootstrap"));

        services.AddIdentityApiEndpoints<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = accounts.RequireConfirmedEmail;
                o.Lockout.MaxFailedAccessAttempts = accounts.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(accounts.LockoutMinutes);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 12; // NIST SP 800-63B, OWASP ASVS L2: length and a blocklist, no composition rules
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
            })
            .AddRoles<IdentityRole>()
            .AddUserManager<AppUserManager>()
            .AddSignInManager<RecordingSignInManager>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddEntityFrameworkStores<CallManagerDbContext>();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
        });
        // Identity's API endpoints challenge with the bearer scheme everywhere, which turned a page opened signed out into a
        // bare 401 page; pages challenge with the cookie (to the sign-in page and back), the API keeps its 401/403.
        services.AddAuthentication(o =>
            {
                o.DefaultChallengeScheme = PagesOrApiScheme;
                o.DefaultForbidScheme = PagesOrApiScheme;
            })
            .AddPolicyScheme(PagesOrApiScheme, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Path.StartsWithSegments("/api") ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Administrator, p => p.RequireRole(Roles.Administrator))
            .AddPolicy(Roles.Reviewer, p => p.RequireRole(Roles.Reviewer))
            .AddPolicy(Roles.Applicant, p => p.RequireRole(Roles.Applicant));
        services.AddScoped<AccountService>();
        services.AddHttpContextAccessor();
        services.AddTransient<AccountMailer>();
        services.AddTransient<IEmailSender<AppUser>>(sp => sp.GetRequiredService<AccountMailer>());
        services.AddScoped<Registration>();
        services.AddCallManagerRateLimits(builder.Configuration);
        services.AddScoped<IStartupTask, BootstrapAdministratorTask>();
        services.AddSingleton<ICliCommand, CreateAdminCommand>();
    }

    /// <summary>Maps the Identity API endpoints under <c>/api/auth</c> (register, login, refresh, confirmEmail, ...), behind <see cref="IdentityApiFilter"/>.</summary>
    public static void MapCallManagerAuth(this WebApplication app)
    {
        app.MapGroup("/api/auth").WithTags("Accounts").AddEndpointFilter<IdentityApiFilter>().MapIdentityApi<AppUser>();
    }

    private static Task ApiAware(HttpContext http, string redirectUri, int apiStatus)
    {
        if (http.Request.Path.StartsWithSegments("/api")) http.Response.StatusCode = apiStatus;
        else http.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}
