using System.Text.Json;
using System.Text.Json.Serialization;
using CallManager.Domain.Hosting;
using CallManager.Domain.Persistence;
using Hangfire;
using Microsoft.AspNetCore.Http.Json;

namespace CallManager.Web.Hosting;

/// <summary>Wires the web host: domain services, persistence, Hangfire, API conventions, health, OpenAPI.</summary>
public static class WebSetup
{
    /// <summary>
    /// The content root (wwwroot and the pages): as configured (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>); else a
    /// published build's own folder, wherever it is started from; else the Web project folder when started from the repository
    /// root (<c>dotnet run --project src/Web</c> runs there so data/ lands at the root); otherwise the default.
    /// </summary>
    public static string? ContentRoot(string[] args)
    {
        if (AppFolder.ContentRootConfigured(args)) return null;
        if (AppFolder.IsPublished) return AppFolder.Path;
        var project = Path.Combine(Directory.GetCurrentDirectory(), "src", "Web");
        return File.Exists(Path.Combine(project, "CallManager.Web.csproj")) ? project : null;
    }

    /// <summary>Registers every service of the web host.</summary>
    public static void AddCallManagerWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // A build (not a publish) finds wwwroot and the precompressed copies MapStaticAssets serves through the static web
        // assets manifest, which ASP.NET reads only in Development unless asked: tests run as "Testing". No-op when published.
        builder.WebHost.UseStaticWebAssets();
        var database = CallManagerSetup.ReadDatabaseOptions(builder.Configuration);
        var jobs = builder.Configuration.GetSection("Jobs").Get<JobsOptions>() ?? new JobsOptions();
        services.AddCallManagerCore(database, builder.Configuration);
        services.AddTransient<IStartupFilter, RequestArrivalStartupFilter>(); // first: the arrival instant decides on-time or late
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false); // no "Server: Kestrel" banner
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.AddCallManagerAuth();

        services.AddCallManagerDataProtection(builder.Configuration);
        // The chain key and its heads belong to the installation: a host started from another folder must find the same ones.
        var contentRoot = builder.Environment.ContentRootPath;
        services.PostConfigure<Domain.Audit.AuditOptions>(o =>
        {
            o.ChainKeyFile = Path.Combine(contentRoot, o.ChainKeyFile);
            o.HeadFolder = Path.Combine(contentRoot, o.HeadFolder);
        });
        services.AddHangfire((sp, cfg) => cfg
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        services.AddSingleton(_ => HangfireStorageFactory.Create(database, jobs));
        // Hangfire's default activator is process-wide (JobActivator.Current, the last host configured): give each host its own,
        // so jobs resolve services from the host that runs them (several hosts in one process: tests, side-by-side hosting).
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        if (jobs.RunServer)
        {
            services.AddHangfireServer((sp, o) =>
            {
                o.SchedulePollingInterval = jobs.SchedulePollingInterval;
                o.WorkerCount = jobs.WorkerCount;
            });
        }

        services.AddProblemDetails();
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        // Explanations (a solver's diagnoses, a verdict's reasons) are answered in the client's language, like refusals.
        services.AddOptions<JsonOptions>().Configure<IHttpContextAccessor>((o, http) =>
            o.SerializerOptions.Converters.Add(new Ui.LocalizableTextJsonConverter(() => Ui.DomainTexts.ReaderCulture(http.HttpContext))));
        services.AddCallManagerOpenApi();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<HangfireHealthCheck>("jobs")
            .AddCheck<WorkflowRuntimeHealthCheck>("workflows")
            .AddCheck<WorkflowsHealthCheck>("definitions")
            .AddCheck<CallManager.Runtime.Outbox.WorkflowOutboxHealthCheck>("workflow-starts");
        services.AddSingleton<RefusedDefinitions>();
        services.AddCallManagerUi();
        // Pages and API answers are compressed (static files are precompressed at build and served by MapStaticAssets). Over
        // HTTPS too: the antiforgery tokens in pages differ on every response, which defeats BREACH-style guessing.
        services.AddResponseCompression(o => o.EnableForHttps = true);
        services.AddSingleton<Commands.ICliCommand, Commands.MigrateCommand>();
        services.AddSingleton<Commands.ICliCommand, Commands.AuditVerifyCommand>();
        services.AddSingleton<Commands.ICliCommand, Commands.RetentionCommand>();
        services.AddSingleton<IEndpointGroup, Api.PrivacyApi>();
        services.AddSingleton<IEndpointGroup, Api.CallsApi>();
        services.AddSingleton<IEndpointGroup, Api.ApplicationsApi>();
        services.AddSingleton<IEndpointGroup, Api.OrganisationsApi>();
        services.AddSingleton<IEndpointGroup, Api.AuditApi>();
        services.AddSingleton<IEndpointGroup, Api.OutboxApi>();
        services.AddSingleton<IEndpointGroup, Api.WorkflowsApi>();
        services.AddSingleton<IEndpointGroup, Api.ReviewsApi>();
        services.AddSingleton<IEndpointGroup, Api.SelectionApi>();
        services.AddSingleton<IEndpointGroup, Api.GrantsApi>();
        services.AddSingleton<IEndpointGroup, Api.DocumentsApi>();
        services.AddSingleton<IEndpointGroup, Api.TerritoriesApi>();
        services.AddSingleton<IEndpointGroup, Api.WorkflowHttpEndpoints>();
        services.AddSingleton<Commands.ICliCommand, Commands.WorkflowsValidateCommand>();
        services.AddScoped<DefinitionAdministration>();
        services.AddScoped<IStartupTask, WorkflowsStartupTask>();
        services.AddScoped<IStartupTask, PrivacyStartupTask>();
        services.AddScoped<IStartupTask, DemoSeedTask>(); // after the workflows are published: publishing the demo call starts one
        services.AddSingleton<Commands.ICliCommand, Commands.SendTestMailCommand>();
    }

    /// <summary>Applies migrations (and later seeds the demo) before the host starts serving.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        // Start-up tasks run under the migration lock: several hosts starting together seed one after the other.
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(async ct =>
        {
            foreach (var startup in scope.ServiceProvider.GetServices<IStartupTask>())
                await startup.RunAsync(ct);
        }, app.Lifetime.ApplicationStopping);
    }

    /// <summary>The request pipeline and endpoints.</summary>
    public static void UseCallManagerWeb(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseResponseCompression();
        app.UseCallManagerUi();
        app.UseRouting();
        app.UseAuthentication();
        app.UseApiAntiforgery();
        app.UseCallManagerRateLimits();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/health", new() { ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new HangfireDashboardAuthorization()],
            DisplayStorageConnectionString = false,
            AppPath = "/",
            // The dashboard writes instants in UTC while the app shows each call's zone: say so where the administrator reads them.
            DashboardTitle = "CallManager – tâches de fond / background jobs (heures UTC / times in UTC)",
        });
        // Fingerprinted URLs (asp-append-version) cached for a year, immutable; precompressed .br/.gz chosen by Accept-Encoding.
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapCallManagerAuth();
        app.MapAntiforgeryToken();
        foreach (var api in app.Services.GetServices<IEndpointGroup>())
            api.Map(app);
    }
}

/// <summary>A group of API endpoints a stage contributes (registered as a service, mapped at start-up).</summary>
public interface IEndpointGroup
{
    /// <summary>Maps the stage's endpoints.</summary>
    void Map(IEndpointRouteBuilder endpoints);
}

/// <summary>Work run once at start-up after migrations (seeding, scheduling missing timers...).</summary>
public interface IStartupTask
{
    /// <summary>Runs the task; must be idempotent, as every host runs it on every start.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
