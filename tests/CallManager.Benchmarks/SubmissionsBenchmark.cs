using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Instances;
using CallManager.Domain.Submissions;
using CallManager.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Benchmarks;

/// <summary>
/// <c>submissions [N] [rates] [providers]</c> (defaults 1000, <c>120,300</c>, <c>sqlite,postgresql</c>): the deadline rush
/// of issue 16 through the real web host on the real clock. N applicants, each with an organisation, a complete draft and
/// two PDFs (prepared through the services), submit through the API at a steady rate in the seconds before the deadline,
/// the last one about a second before it; the call's own workflow closes submissions at the deadline (Hangfire, polling
/// every second). Prints throughput, latency percentiles, answers by status, dossiers submitted against receipts returned,
/// dossier workflows started against dossiers submitted, the lateness of the close, and whether the audit chain verifies.
/// </summary>
public sealed class SubmissionsBenchmark : IBenchmark
{
    public string Name => "submissions";

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();
    private const string Password = "Correct-Horse-42-bench";

    public async Task RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0]) : 1000;
        var rates = (args.Length > 1 ? args[1] : "120,300").Split(',').Select(int.Parse).ToList();
        var providers = (args.Length > 2 ? args[2] : "sqlite,postgresql").Split(',').Select(p => Enum.Parse<DatabaseProvider>(p, ignoreCase: true)).ToList();
        Console.WriteLine($"# {n} applicants submit at a steady rate until ~1 s before the deadline; in-process host (TestServer), client on the same cores");
        Console.WriteLine("# PostgreSQL: the test fixture's local server (fsync=off), Maximum Pool Size=100 (the product's default)");
        foreach (var provider in providers)
            foreach (var rate in rates)
                await RunAsync(provider, rate, n);
        Console.WriteLine($"# load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        PostgresServer.Instance.Dispose();
    }

    private static async Task RunAsync(DatabaseProvider provider, int rate, int n)
    {
        using var database = TestDatabase.Create(provider);
        var connectionString = provider == DatabaseProvider.PostgreSql
            ? database.Options.ConnectionString!.Replace("Maximum Pool Size=50", "Maximum Pool Size=100")
            : database.Options.ConnectionString!;
        await using var app = new BenchApp(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(), ["ConnectionStrings:CallManager"] = connectionString,
            ["Database:SqliteSynchronous"] = "NORMAL", ["Demo:Seed"] = "false", ["Jobs:SchedulePollingInterval"] = "00:00:01",
            ["Mail:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "cm-bench", Guid.NewGuid().ToString("N"), "mail"),
            ["Audit:HeadFolder"] = Path.Combine(Path.GetTempPath(), "cm-bench", Guid.NewGuid().ToString("N"), "heads"),
            ["Audit:ChainKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // The 1,000 sign-ins that prepare the rush come from one client address; real applicants come from many.
            ["RateLimits:Enabled"] = "false",
        });
        var label = $"submissions.{provider.ToString().ToLowerInvariant()}.{rate}_per_s";
        var prepare = Stopwatch.StartNew();
        using var admin = await ClientAsync(app, "admin@funder.example", Roles.Administrator);
        var zone = CallClock.Zone("Europe/Paris");
        var now = DateTimeOffset.UtcNow;
        DateTime Local(DateTimeOffset instant) => DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);
        var opensAt = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        var phases = new CallPhasesInput(Local(opensAt), Local(now.AddHours(2)), Local(now.AddDays(10)), Local(now.AddDays(20)), Local(now.AddDays(30)));
        var created = await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(phases, "BENCH-2027"));
        var callId = JsonNode.Parse(await Ok(created))!["id"]!.GetValue<Guid>();
        await Ok(await admin.PostAsync($"/api/calls/{callId}/publish", null));
        var applicants = await PrepareAsync(app, callId, n);
        Console.WriteLine($"# {label}: {n} applicants prepared in {prepare.Elapsed.TotalSeconds:F0} s");

        // The deadline moved (earlier) to just after the burst, as an administrator would; the close's timer follows it.
        var burst = TimeSpan.FromSeconds((double)n / rate);
        var start = DateTimeOffset.UtcNow.AddSeconds(2);
        var deadlineInstant = start + burst + TimeSpan.FromSeconds(1);
        var deadline = new DateTimeOffset(deadlineInstant.UtcTicks - deadlineInstant.UtcTicks % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond, TimeSpan.Zero);
        await Ok(await admin.PutAsJsonAsync($"/api/calls/{callId}", PtceCall.Input(phases with
        {
            OpensAt = opensAt.UtcDateTime, SubmissionDeadline = Local(deadline),
        }, "BENCH-2027")));

        using var chain = new ChainLinkCounter();
        var answers = new ConcurrentBag<(int Status, double Milliseconds, string Body, DateTimeOffset SentAt, double LagMilliseconds)>();
        var (processCpu, machineCpu) = (Environment.CpuUsage.TotalTime, MachineBusy());
        var clock = Stopwatch.StartNew();
        var startDelay = start - DateTimeOffset.UtcNow;
        await Task.WhenAll(applicants.Select((a, i) => Task.Run(async () =>
        {
            var due = startDelay + TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            // How late the client itself sends (a starved thread pool delays it): a request sent after the deadline is rightly refused.
            var (sent, sentAt, lag) = (Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow, (clock.Elapsed - due).TotalMilliseconds);
            try
            {
                using var response = await a.Client.PostAsync($"/api/applications/{a.Id}/submit", null);
                answers.Add(((int)response.StatusCode, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, await response.Content.ReadAsStringAsync(), sentAt, lag));
            }
            catch (Exception e)
            {
                answers.Add((0, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, e.GetType().Name + ": " + e.Message, sentAt, lag));
            }
        })));
        var elapsed = clock.Elapsed - startDelay;
        var lastAnswer = DateTimeOffset.UtcNow;
        (processCpu, machineCpu) = (Environment.CpuUsage.TotalTime - processCpu, MachineBusy() - machineCpu);

        var latencies = answers.Select(a => a.Milliseconds).Order().ToList();
        var receipts = answers.Where(a => a.Status == 200).Select(a => JsonNode.Parse(a.Body)!["receiptNumber"]!.GetValue<string>()).ToHashSet();
        var closedAt = await WaitForCloseAsync(app, callId, deadline + TimeSpan.FromSeconds(90));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var submitted = await db.Set<Application>().CountAsync(x => x.CallId == callId && x.Status != ApplicationStatus.Draft);
        var workflows = await db.Set<WorkflowInstance>().CountAsync(w => w.DefinitionId == "ptce-application");
        var verification = await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync();

        Console.WriteLine($"{label}.throughput_per_s: {answers.Count / elapsed.TotalSeconds:F0} ({answers.Count} answers in {elapsed.TotalSeconds:F1} s, last answer {(lastAnswer - deadline).TotalSeconds:+0.0;-0.0} s from the deadline)");
        Console.WriteLine($"{label}.latency_ms: p50 {Percentile(latencies, 0.50):F0}, p95 {Percentile(latencies, 0.95):F0}, p99 {Percentile(latencies, 0.99):F0}, max {latencies.LastOrDefault():F0}");
        Console.WriteLine($"{label}.cpu_ms_per_submission: {processCpu.TotalMilliseconds / n:F1} in this process (host and client), {machineCpu.TotalMilliseconds / n:F1} on the machine" +
                          $" ({machineCpu.TotalSeconds / (clock.Elapsed.TotalSeconds * Environment.ProcessorCount):P0} of its {Environment.ProcessorCount} cores while the burst ran)");
        var lags = answers.Select(a => a.LagMilliseconds).Order().ToList();
        Console.WriteLine($"{label}.client_send_lag_ms: p50 {Percentile(lags, 0.50):F0}, p99 {Percentile(lags, 0.99):F0}; sent after the deadline: {answers.Count(a => a.SentAt > deadline)}" +
                          $" (of which refused 409: {answers.Count(a => a.SentAt > deadline && a.Status == 409)})");
        Console.WriteLine($"{label}.answers_by_status: {string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}");
        foreach (var error in answers.Where(a => a.Status != 200).GroupBy(a => a.Status).Select(g => g.First()))
            Console.WriteLine($"#   first {error.Status}: {error.Body[..Math.Min(error.Body.Length, 300)]}");
        Console.WriteLine($"{label}.submitted_vs_receipts: {submitted} / {receipts.Count}");
        Console.WriteLine($"{label}.workflows_vs_submitted: {workflows} / {submitted}");
        Console.WriteLine($"{label}.close_lateness_s: {(closedAt is { } c ? $"{(c - deadline).TotalSeconds:F2}" : "not closed within 90 s")}");
        Console.WriteLine($"{label}.audit_chain: {(verification.Intact ? $"intact, {verification.EntriesChecked} entries" : $"BROKEN: {verification.Problem}")}" +
                          (provider == DatabaseProvider.Sqlite ? "" : $"; during the burst the chain writer linked {chain.Entries} entries in {chain.Transactions} transactions"));
        var met = answers.All(a => a.Status == 200 || (a.Status == 409 && a.SentAt > deadline)) && receipts.Count == submitted && answers.Count(a => a.SentAt <= deadline && a.Status != 200) == 0 && workflows == submitted && Percentile(latencies, 0.99) < 1000;
        Console.WriteLine($"{label}.target: {(met ? "MET" : "MISSED")} (0 errors, 0 lost, 0 missing workflows, p99 < 1 s)");
        foreach (var (client, _) in applicants) client.Dispose();
    }

    /// <summary>Counts the chain writer's link transactions and the entries they linked (its metrics), to show how many saves share a lock.</summary>
    private sealed class ChainLinkCounter : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private long _entries, _transactions;

        public ChainLinkCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "CallManager.Audit" && instrument.Name.StartsWith("callmanager.audit.chain_link")) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                if (instrument.Name == "callmanager.audit.chain_linked_entries") Interlocked.Add(ref _entries, value);
                else if (instrument.Name == "callmanager.audit.chain_link_transactions") Interlocked.Add(ref _transactions, value);
            });
            _listener.Start();
        }

        public long Entries => Interlocked.Read(ref _entries);
        public long Transactions => Interlocked.Read(ref _transactions);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>CPU time spent by every process of the machine so far (user, nice, system, irq, softirq in /proc/stat; zero elsewhere).</summary>
    private static TimeSpan MachineBusy()
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return TimeSpan.FromSeconds((ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]) / 100.0); // USER_HZ is 100 on Linux
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The instant the call's workflow recorded the close of submissions (its audit entry), polled until <paramref name="limit"/>.</summary>
    private static async Task<DateTimeOffset?> WaitForCloseAsync(BenchApp app, Guid callId, DateTimeOffset limit)
    {
        while (DateTimeOffset.UtcNow < limit)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var closed = await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<AuditEntry>()
                    .Where(e => e.CallId == callId && e.Action == "call.submissions-closed").Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync();
                if (closed is not null) return closed;
            }
            await Task.Delay(250);
        }
        return null;
    }

    /// <summary>Applicants with a complete draft each (through the services, four at a time), signed in through the API.</summary>
    private static async Task<List<(HttpClient Client, Guid Id)>> PrepareAsync(BenchApp app, Guid callId, int n)
    {
        var prepared = new ConcurrentBag<(HttpClient, Guid)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var email = $"rush{i}@asso.example";
            var user = await CreateUserAsync(app, email, Roles.Applicant);
            var actor = new Actor(user.Id, new HashSet<string> { Roles.Applicant }, "en", email);
            Guid id;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var organisation = await scope.ServiceProvider.GetRequiredService<OrganisationService>()
                    .CreateAsync(new OrganisationInput($"Organisation {i}", Siren(1000 + i), "Association", true, "Occitanie"), actor, ct);
                var applications = scope.ServiceProvider.GetRequiredService<ApplicationService>();
                id = (await applications.CreateAsync(callId, new CreateApplicationInput(organisation.Id), actor, ct)).Id;
                await applications.SaveAnswersAsync(id, new SaveAnswersInput(new JsonObject
                {
                    ["title"] = $"Project {i}", ["summary"] = "Shared workshop and logistics for local producers.", ["territory"] = "Lot",
                    ["requestedAmount"] = 80000, ["themes"] = new JsonArray("alimentation"),
                }, [new OrganisationInput($"Partner {i}", Siren(500_000 + i), "SAS", true, "Occitanie")]), actor, ct);
                foreach (var field in new[] { "budgetFile", "statutes" })
                    await applications.AddAttachmentAsync(id, field, $"{field}.pdf", new MemoryStream(Pdf), actor, ct);
            }
            prepared.Add((await LoginAsync(app, email), id));
        });
        return [.. prepared];
    }

    private static async Task<HttpClient> ClientAsync(BenchApp app, string email, string role)
    {
        await CreateUserAsync(app, email, role);
        return await LoginAsync(app, email);
    }

    private static async Task<AppUser> CreateUserAsync(BenchApp app, string email, string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountService>().EnsureRolesAsync();
        var users = scope.ServiceProvider.GetRequiredService<AppUserManager>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], PreferredLanguage = "en" };
        var created = await users.CreateAsync(user, Password, role);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        return user;
    }

    private static async Task<HttpClient> LoginAsync(BenchApp app, string email)
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task<string> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>A valid SIREN number built from <paramref name="seed"/> (eight digits plus the Luhn key).</summary>
    private static string Siren(int seed)
    {
        var body = (10_000_000 + seed).ToString("00000000");
        for (var key = 0; key < 10; key++)
            if (Domain.Organisations.Siren.IsValid(body + key)) return body + key;
        throw new InvalidOperationException();
    }

    /// <summary>The real web host on the real clock, with a cheap password hash: the rush measures submissions, not the sign-ins that prepare it.</summary>
    // Any type of the web assembly names its entry point (this project has a Program of its own).
    private sealed class BenchApp(Dictionary<string, string?> settings) : WebApplicationFactory<Web.Api.AuditApi>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
        }
    }
}
