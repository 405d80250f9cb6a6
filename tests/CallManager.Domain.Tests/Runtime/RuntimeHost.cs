using System.Collections.Concurrent;
using CallManager.Domain.Hosting;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using CallManager.Runtime.Timers;
using CallManager.Testing;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// One "host" of the runtime for tests: the real services on a real database, real Hangfire storage (a SQLite
/// file beside the database, or the hangfire schema on PostgreSQL) and a fake clock. Two hosts on one database
/// behave like two processes; disposing one and creating another is a restart.
/// </summary>
public sealed class RuntimeHost : IAsyncDisposable
{
    private RuntimeHost(TestDatabase database, FakeTimeProvider clock, Action<IServiceCollection>? configure)
    {
        Database = database;
        Clock = clock;
        Jobs = HangfireStorageFactory.Create(database.Options, new JobsOptions());
        var services = new ServiceCollection();
        services.AddLogging();
        if (database.RuntimeOnly) AddRuntimeOnly(services, database.Options);
        else services.AddCallManagerCore(database.Options);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(Jobs);
        services.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(Jobs));
        services.AddSingleton(Outbox);
        services.AddScoped<IMailOutbox>(sp => sp.GetRequiredService<RecordingOutbox>());
        // scripts/test.sh runs the runtime tests a second time with the SQLite group-commit path off (the scoped path only).
        if (ScopedPathOnly) services.Configure<RuntimeOptions>(o => o.GroupCommit = false);
        configure?.Invoke(services);
        Services = services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>
    /// The runtime alone on its own context (no accounts, no audit, no stage): its built-in activities, and SendEmail
    /// into <see cref="Outbox"/>. Interceptors registered as services (a test's fault injection) join every context.
    /// </summary>
    private static void AddRuntimeOnly(IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<RuntimeDbContext>((sp, b) =>
        {
            DbContextOptionsFactory.Configure(b, options);
            b.AddInterceptors(sp.GetServices<IInterceptor>());
        });
        services.AddRuntimeStorage<RuntimeDbContext>();
        services.AddRuntime();
        services.AddSendEmailActivity();
    }

    /// <summary>True when the suite runs with <c>CALLMANAGER_TEST_GROUP_COMMIT=false</c>: every stimulus takes the scoped path.</summary>
    public static bool ScopedPathOnly => Environment.GetEnvironmentVariable("CALLMANAGER_TEST_GROUP_COMMIT") == "false";

    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; }
    public JobStorage Jobs { get; }
    public ServiceProvider Services { get; }
    public RecordingOutbox Outbox { get; } = new();
    public IWorkflowRuntime Runtime => Services.GetRequiredService<IWorkflowRuntime>();
    public WorkflowRuntime Engine => Services.GetRequiredService<WorkflowRuntime>();

    /// <summary>A host on <paramref name="database"/> (already migrated).</summary>
    public static RuntimeHost Create(TestDatabase database, FakeTimeProvider? clock = null, Action<IServiceCollection>? configure = null) =>
        new(database, clock ?? TestClock.Create(), configure);

    /// <summary>Publishes <paramref name="json"/> as file <paramref name="file"/>.</summary>
    public async Task<DefinitionStore.PublishResult> PublishAsync(string json, string file = "workflows/test.json")
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DefinitionStore>().PublishAsync(scope.ServiceProvider.RuntimeDb(), file, json);
    }

    /// <summary>Publishes and asserts it was published.</summary>
    public async Task PublishValidAsync(string json, string file = "workflows/test.json")
    {
        var result = await PublishAsync(json, file);
        Assert.True(result.Outcome != PublishOutcome.Refused, string.Join("\n", result.Problems));
    }

    /// <summary>Runs <paramref name="action"/> with the services of a fresh scope (as a request would).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async Task<WorkflowInstance> InstanceAsync(Guid id)
    {
        await using var db = NewContext();
        return await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<List<WorkflowJournalEntry>> JournalAsync(Guid id)
    {
        await using var db = NewContext();
        return await new WorkflowQueries(db).JournalAsync(id);
    }

    public async Task<List<WorkflowBookmark>> BookmarksAsync(Guid id)
    {
        await using var db = NewContext();
        return await db.Set<WorkflowBookmark>().AsNoTracking().Where(b => b.InstanceId == id).ToListAsync();
    }

    /// <summary>A context on the database: the runtime's own when the database is runtime-only, else the application's.</summary>
    public DbContext NewContext() => Database.RuntimeOnly ? Database.NewRuntimeContext() : Database.NewContext();

    /// <summary>The timer jobs waiting in Hangfire's storage: (job id, instance id, bookmark id).</summary>
    public List<(string JobId, Guid InstanceId, Guid BookmarkId)> ScheduledJobs() =>
        Jobs.GetMonitoringApi().ScheduledJobs(0, 10_000)
            .Where(j => j.Value.Job?.Type == typeof(WorkflowTimerJob))
            .Select(j => (j.Key, (Guid)j.Value.Job.Args[0], (Guid)j.Value.Job.Args[1])).ToList();

    /// <summary>
    /// What a Hangfire server does when the scheduled jobs come due, however early or late against the fake clock:
    /// each job waiting in the storage is taken (deleted from the schedule) and performed once. Returns how many ran.
    /// </summary>
    public async Task<int> RunScheduledJobsAsync()
    {
        var jobs = ScheduledJobs();
        var client = Services.GetRequiredService<IBackgroundJobClient>();
        foreach (var (jobId, instanceId, bookmarkId) in jobs)
        {
            client.Delete(jobId);
            await PerformJobAsync(instanceId, bookmarkId);
        }
        return jobs.Count;
    }

    /// <summary>Performs a timer job the way Hangfire would: a fresh scope, ids in.</summary>
    public async Task PerformJobAsync(Guid instanceId, Guid bookmarkId)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowTimerJob>().RunAsync(instanceId, bookmarkId);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        (Jobs as IDisposable)?.Dispose();
    }
}

/// <summary>A mail outbox that keeps what it was given (the real outbox belongs to the Notifications stage).</summary>
public sealed class RecordingOutbox : IMailOutbox
{
    public ConcurrentQueue<RenderedMail> Mails { get; } = new();
    public Task<Guid> EnqueueAsync(TemplatedMail mail, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Guid Enqueue(RenderedMail mail) { Mails.Enqueue(mail); return Guid.NewGuid(); }
}
