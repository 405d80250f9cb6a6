using CallManager.Testing;
using CallManager.Domain.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CallManager.Web.Tests.Infrastructure;

/// <summary>
/// The real web host on a fresh database (SQLite file by default, or PostgreSQL), with a fake clock and,
/// when given, the real SMTP test server. Settings are plain configuration keys, as an operator would set them.
/// </summary>
public class CallManagerApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    /// <summary>The database this host runs on.</summary>
    public TestDatabase Database { get; }

    /// <summary>The clock every service of the host reads.</summary>
    public FakeTimeProvider Clock { get; }

    public CallManagerApp(DatabaseProvider provider = DatabaseProvider.Sqlite, FakeTimeProvider? clock = null,
        IDictionary<string, string?>? settings = null, TestDatabase? database = null)
    {
        Database = database ?? TestDatabase.Create(provider);
        Clock = clock ?? TestClock.Create();
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.Options.Provider.ToString(),
            ["ConnectionStrings:CallManager"] = Database.Options.ConnectionString,
            ["Database:SqliteSynchronous"] = "NORMAL",
            ["Demo:Seed"] = "false",
            // Tests sign many accounts in from one address; RateLimitTests turn the limits on with their own figures.
            ["RateLimits:Enabled"] = "false",
            ["Mail:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "cm-tests", Guid.NewGuid().ToString("N"), "mail"),
            // Each database has its own chain, so its heads are written to a folder of its own.
            ["Audit:HeadFolder"] = Path.Combine(Path.GetTempPath(), "cm-tests", Guid.NewGuid().ToString("N"), "audit-heads"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    /// <summary>Fires the workflow timers due by <see cref="Clock"/> (only those of <paramref name="definitionId"/> when given), as Hangfire would; returns how many fired.</summary>
    public Task<int> FireDueTimersAsync(string? definitionId = null) => DueTimers.FireAsync(Services, Clock.GetUtcNow(), definitionId);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Database.Dispose();
    }
}
