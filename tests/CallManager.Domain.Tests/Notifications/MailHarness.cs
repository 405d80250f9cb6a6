using CallManager.Testing;
using CallManager.Domain.Hosting;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallManager.Domain.Tests.Notifications;

/// <summary>
/// The notifications stage wired as a host wires it (AddCallManagerCore with configuration) on a fresh migrated database,
/// a fake clock, and either the real SMTP test server or a pickup directory. Each call runs in its own scope, like a request.
/// </summary>
public sealed class MailHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; } = TestClock.Create();
    public string PickupDirectory { get; } = Path.Combine(Path.GetTempPath(), "cm-tests", Guid.NewGuid().ToString("N"), "mail");

    private MailHarness(TestDatabase database, IDictionary<string, string?> settings, Action<IServiceCollection>? configure)
    {
        Database = database;
        settings["Mail:PickupDirectory"] = PickupDirectory;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(Clock);
        services.AddCallManagerCore(database.Options, configuration);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    /// <summary>
    /// A harness sending to <paramref name="smtp"/> (or to the pickup directory when null), with extra settings and services
    /// (e.g. an EF Core interceptor registered as <c>IInterceptor</c>, which joins the host's DbContext).
    /// </summary>
    public static async Task<MailHarness> CreateAsync(DatabaseProvider provider, SmtpTestServer? smtp, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (smtp is not null)
        {
            all["Mail:Smtp:Host"] = "127.0.0.1";
            all["Mail:Smtp:Port"] = smtp.Port.ToString();
            all["Mail:Smtp:Security"] = "None";
            all["Mail:Smtp:Timeout"] = "00:00:05";
        }
        all.TryAdd("Mail:From:Address", "calls@funder.example");
        return new MailHarness(await TestDatabase.CreateMigratedAsync(provider), all, configure);
    }

    /// <summary>Runs <paramref name="work"/> in a new scope (a unit of work), as a request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Enqueues <paramref name="mail"/> and saves the unit of work.</summary>
    public Task<Guid> EnqueueAndSaveAsync(TemplatedMail mail) => InScopeAsync(async sp =>
    {
        var id = await sp.GetRequiredService<IMailOutbox>().EnqueueAsync(mail);
        await sp.GetRequiredService<CallManagerDbContext>().SaveChangesAsync();
        return id;
    });

    /// <summary>One dispatcher pass, in its own scope.</summary>
    public Task<DispatchResult> DispatchAsync() => InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());

    /// <summary>The row as saved now.</summary>
    public Task<OutboxMessage> RowAsync(Guid id) =>
        InScopeAsync(sp => sp.GetRequiredService<CallManagerDbContext>().Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>Every row as saved now.</summary>
    public Task<List<OutboxMessage>> RowsAsync() =>
        InScopeAsync(sp => sp.GetRequiredService<CallManagerDbContext>().Set<OutboxMessage>().AsNoTracking().ToListAsync());

    /// <summary>A test message to one recipient.</summary>
    public static TemplatedMail TestMessage(string language = "en", string address = "ada@applicant.example", string? subject = null) =>
        new("test-message", language, [new MailRecipient(address, "Ada Lovelace")], new { RecipientName = "Ada", Subject = subject });

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Database.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(PickupDirectory)!, recursive: true); } catch (IOException) { }
    }
}
