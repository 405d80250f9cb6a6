using CallManager.Web.Resources;
using System.Globalization;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace CallManager.Web.Hosting;

/// <summary>The Razor Pages UI: French by default and English by the switch, resources, antiforgery, error pages.</summary>
public static class UiSetup
{
    /// <summary>The cultures of the UI; the first is the default.</summary>
    public static readonly string[] Cultures = ["fr", "en"];

    /// <summary>Registers localization, Razor Pages conventions and the page filters.</summary>
    public static void AddCallManagerUi(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/Admin", Domain.Accounts.Roles.Administrator);
                o.Conventions.AuthorizeFolder("/Jury", Domain.Accounts.Roles.Reviewer);
                o.Conventions.AuthorizeFolder("/Applicant", Domain.Accounts.Roles.Applicant);
            })
            .AddMvcOptions(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add<DomainExceptionPageFilter>();
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(UiText)));
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<MvcOptions>, LocalizedBindingMessages>();
        services.AddScoped<Pages.Account.AccountLinks>();
        services.AddScoped<AuditNames>();
        // Accented letters stay readable in the HTML instead of becoming numeric entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "cm-antiforgery";
            o.HeaderName = ApiAntiforgery.HeaderName;
        });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // The switch (cookie) wins; then the query string for links in mails; never the browser's
            // Accept-Language: French is the default of this public service, English is a choice.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new QueryStringRequestCultureProvider()];
        });
    }

    /// <summary>Request culture, then error pages for browsers (the API keeps its problem details).</summary>
    public static void UseCallManagerUi(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseWhen(http => !IsApi(http), branch =>
        {
            branch.UseExceptionHandler("/Errors/500");
            branch.UseStatusCodePagesWithReExecute("/Errors/{0}");
        });
    }

    /// <summary>True for API, health and dashboard requests, which never get HTML error pages.</summary>
    public static bool IsApi(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/health")
        || http.Request.Path.StartsWithSegments("/hangfire") || http.Request.Path.StartsWithSegments("/openapi")
        || Api.WorkflowHttpEndpoints.Serves(http);
}
