using System.Collections.Concurrent;
using System.Net;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Stimuli;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Platform;

/// <summary>Two web hosts on one PostgreSQL database, as a scaled-out deployment runs them.</summary>
[Collection(WebCollection.Name)]
public sealed class ScaleOutTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create(DatabaseProvider.PostgreSql); // empty: the hosts migrate it
    private CallManagerApp _a = null!;
    private CallManagerApp _b = null!;

    public async Task InitializeAsync()
    {
        _a = new CallManagerApp(database: _database, settings: HostSettings("A"));
        _b = new CallManagerApp(database: _database, settings: HostSettings("B"));
        // Both start at once, so both apply the migrations (and install Hangfire's schema) at the same time.
        await Task.WhenAll(Task.Run(() => _a.Services), Task.Run(() => _b.Services));
    }

    [Fact]
    public async Task Both_hosts_start_and_share_the_Hangfire_jobs_enqueued_on_one_of_them()
    {
        await using var db = _database.NewContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var monitoring = _b.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await Eventually(() => monitoring.Servers().Count == 2);

        // Four jobs that each wait until all four run at once: possible only when both hosts' two workers take part.
        ProbeJob.Reset(participants: 4);
        var client = _a.Services.GetRequiredService<IBackgroundJobClient>();
        var tokens = Enumerable.Range(0, 4).Select(i => $"job-{i}").ToList();
        foreach (var token in tokens) client.Enqueue<ProbeJob>(job => job.Run(token));
        await Eventually(() => ProbeJob.RanOn.Count == 4, TimeSpan.FromSeconds(60));

        Assert.Equal(tokens, ProbeJob.RanOn.Keys.Order());
        Assert.Equal(["A", "B"], ProbeJob.RanOn.Values.Distinct().Order());
        Assert.True(ProbeJob.AllMet, "the four jobs never ran at the same time");
        Assert.Equal(2, _a.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers().Count);
    }

    [Fact]
    public async Task Both_hosts_register_one_daily_runtime_pruning_job_that_deletes_expired_inbox_stimuli()
    {
        var storage = _a.Services.GetRequiredService<JobStorage>();
        using (var connection = storage.GetConnection())
        {
            var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == RuntimeRetentionJob.Id);
            Assert.Equal("0 3 * * *", job.Cron);
        }
        var expired = new WorkflowStimulus
        {
            Id = Guid.NewGuid(), Name = "GrantChanged", CorrelationId = "closed-grant", ReceivedAt = TestClock.Start.AddDays(-91),
        };
        await using (var db = _database.NewContext())
        {
            db.Add(expired);
            await db.SaveChangesAsync();
        }

        _b.Services.GetRequiredService<IRecurringJobManager>().Trigger(RuntimeRetentionJob.Id);

        await Eventually(() =>
        {
            using var db = _database.NewContext();
            return !db.Set<WorkflowStimulus>().Any(x => x.Id == expired.Id);
        }, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Data_protection_keys_live_in_the_database_so_a_sign_in_on_one_host_is_honoured_by_the_other()
    {
        var protectedOnA = _a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("scale-out").Protect("dossier 42");
        var unprotectedOnB = _b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("scale-out").Unprotect(protectedOnA);

        Assert.Equal("dossier 42", unprotectedOnB);
        await using var db = _database.NewContext();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
        using var adminOnA = await _a.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using var sameTokenOnB = _b.CreateClient();
        sameTokenOnB.DefaultRequestHeaders.Authorization = adminOnA.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await sameTokenOnB.GetAsync("/api/outbox")).StatusCode);
    }

    [Fact]
    public async Task Applicants_creating_dossiers_on_both_hosts_at_the_same_moment_each_get_their_own_reference()
    {
        using var admin = await _a.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await CreatePublishedCallAsync(admin);
        var applicants = new List<(HttpClient Client, Guid Organisation)>();
        for (var i = 0; i < 10; i++)
        {
            var client = await (i % 2 == 0 ? _a : _b).ClientAsAsync($"lead{i}@ptce.example", Roles.Applicant);
            applicants.Add((client, await CreateOrganisationAsync(client, i)));
        }

        // Each draft takes the next reference of the call; all ten ask at once, five on each host.
        var drafts = await Task.WhenAll(applicants.Select(a => Task.Run(() => CreateDraftAsync(a.Client, callId, a.Organisation))));

        await using var db = _database.NewContext();
        var references = await db.Set<CallManager.Domain.Submissions.Application>().Where(d => d.CallId == callId)
            .Select(d => d.Reference).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"PTCE-2027-{n:0000}"), references.Order(StringComparer.Ordinal));
        Assert.Equal(10, drafts.Distinct().Count());
        foreach (var (client, _) in applicants) client.Dispose();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private static Dictionary<string, string?> HostSettings(string name) => new()
    {
        ["ScaleOut:HostName"] = name,
        ["Jobs:WorkerCount"] = "2",
    };

    private static async Task Eventually(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold in time.");
            await Task.Delay(100);
        }
    }

    /// <summary>A Hangfire job that records which host ran it (resolved from that host's services).</summary>
    public sealed class ProbeJob(IConfiguration configuration)
    {
        private static CountdownEvent _all = new(0);

        public static ConcurrentDictionary<string, string> RanOn { get; } = new();
        public static bool AllMet { get; private set; }

        public static void Reset(int participants)
        {
            RanOn.Clear();
            AllMet = false;
            _all = new CountdownEvent(participants);
        }

        public void Run(string token)
        {
            _all.Signal();
            if (_all.Wait(TimeSpan.FromSeconds(30))) AllMet = true;
            RanOn[token] = configuration["ScaleOut:HostName"]!;
        }
    }
}
