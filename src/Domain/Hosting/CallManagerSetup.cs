using CallManager.Domain.Attachments;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants;
using CallManager.Domain.Notifications;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Persistence.Providers;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection;
using CallManager.Domain.Submissions;
using CallManager.Runtime;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallManager.Domain.Hosting;

/// <summary>Registers the domain, the runtime and persistence; shared by the web host, the commands and the tests.</summary>
public static class CallManagerSetup
{
    /// <summary>Reads <see cref="DatabaseOptions"/> from <c>Database</c> and <c>ConnectionStrings:CallManager</c>.</summary>
    public static DatabaseOptions ReadDatabaseOptions(IConfiguration configuration)
    {
        var options = new DatabaseOptions();
        configuration.GetSection("Database").Bind(options);
        options.ConnectionString ??= configuration.GetConnectionString("CallManager");
        if (string.IsNullOrWhiteSpace(options.ConnectionString)) options.ConnectionString = null;
        return options;
    }

    /// <summary>
    /// Adds the DbContext for the configured provider, the clock and every stage's services; stages read their sections of
    /// <paramref name="configuration"/> (defaults everywhere when it is null).
    /// </summary>
    public static IServiceCollection AddCallManagerCore(this IServiceCollection services, DatabaseOptions database, IConfiguration? configuration = null)
    {
        configuration ??= new ConfigurationBuilder().Build();
        services.AddSingleton(database);
        services.TryAddSingleton(TimeProvider.System);
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite: AddContext<SqliteCallManagerDbContext>(services, database); break;
            case DatabaseProvider.PostgreSql: AddContext<PostgreSqlCallManagerDbContext>(services, database); break;
            case DatabaseProvider.SqlServer: AddContext<SqlServerCallManagerDbContext>(services, database); break;
        }
        services.AddScoped<DatabaseMigrator>();
        services.AddAudit(configuration).AddOrganisations().AddCalls().AddSubmissions();
        services.AddReviews();
        services.AddSelection();
        services.AddGrants();
        services.AddDocuments();
        services.AddNotifications(configuration);
        services.AddAttachments(configuration);
        services.AddRuntime();
        services.AddRuntimeStorage<CallManagerDbContext>();
        services.AddHangfireScheduledTriggers();
        Privacy.PrivacySetup.AddPrivacy(services, configuration);
        return services;
    }

    private static void AddContext<T>(IServiceCollection services, DatabaseOptions database) where T : CallManagerDbContext
    {
        // Pooled: a fresh context per scope was the largest cost of a workflow step after the commit itself (issue 3 benchmark).
        // Interceptors registered as services (the mail outbox's wake-up, a test's fault injection) join every context.
        services.AddDbContextPool<CallManagerDbContext, T>((sp, b) =>
        {
            DbContextOptionsFactory.Configure(b, database);
            b.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
    }
}
