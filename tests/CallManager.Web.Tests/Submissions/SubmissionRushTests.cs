using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>
/// The deadline rush through the real web host: many applicants submit at once against a small connection pool; every
/// request is answered 200 with its receipt, every dossier is submitted once and its workflow started once.
/// </summary>
[Collection(WebCollection.Name)]
public class SubmissionRushTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly int Applicants = int.TryParse(Environment.GetEnvironmentVariable("CALLMANAGER_RUSH_APPLICANTS"), out var n) ? n : 150;

    [Theory]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task One_hundred_and_fifty_simultaneous_submissions_on_a_pool_of_twenty_connections_all_get_their_receipt(DatabaseProvider provider)
    {
        var database = TestDatabase.Create(provider);
        var settings = new Dictionary<string, string?>();
        if (provider == DatabaseProvider.PostgreSql)
            settings["ConnectionStrings:CallManager"] = database.Options.ConnectionString!.Replace("Maximum Pool Size=50", "Maximum Pool Size=20");
        await using var app = new RushApp(database, settings);
        app.Clock.SetUtcNow(Deadline.AddSeconds(-30)); // bearer tokens issued now are still valid at the rush
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await CreatePublishedCallAsync(admin);
        var applicants = await PrepareAsync(app, callId);

        using var start = new SemaphoreSlim(0);
        var answers = new ConcurrentBag<(HttpStatusCode Status, string Body)>();
        var submissions = applicants.Select(async a =>
        {
            await start.WaitAsync();
            var response = await a.Client.PostAsync($"/api/applications/{a.Id}/submit", null);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        start.Release(Applicants);
        var activity = provider == DatabaseProvider.PostgreSql ? SampleActivityAsync(database.Options.ConnectionString!, Task.WhenAll(submissions)) : Task.FromResult("");
        await Task.WhenAll(submissions);
        output.WriteLine($"{provider}: {Applicants} submissions in {clock.ElapsedMilliseconds} ms; pg_stat_activity samples: {await activity}");

        var errors = answers.Where(a => a.Status != HttpStatusCode.OK).Select(a => $"{(int)a.Status}: {a.Body}").ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} errors, first: {errors.FirstOrDefault()}");
        var receipts = answers.Select(a => System.Text.Json.Nodes.JsonNode.Parse(a.Body)!["receiptNumber"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(Applicants, receipts.Count);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        Assert.Equal(receipts.Order(), (await db.Set<ApplicationVersion>().Select(v => v.ReceiptNumber).ToListAsync()).Order());
        Assert.Equal(Applicants, await db.Set<Application>().CountAsync(a => a.Status == ApplicationStatus.Submitted));
        var started = await WaitForWorkflowsAsync(db, Applicants);
        Assert.Equal(Applicants, started);
        Assert.True((await scope.ServiceProvider.GetRequiredService<Domain.Audit.AuditLog>().VerifyAsync()).Intact);
        foreach (var (client, _) in applicants) client.Dispose();
    }

    /// <summary>Counts of the application's connections by state and wait event, sampled every 200 ms until <paramref name="done"/>.</summary>
    private static async Task<string> SampleActivityAsync(string connectionString, Task done)
    {
        var samples = new List<string>();
        await using var connection = new Npgsql.NpgsqlConnection(connectionString.Replace("Maximum Pool Size=50", "Pooling=false"));
        await connection.OpenAsync();
        while (!done.IsCompleted)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "select state || ':' || coalesce(wait_event, '-') || ':' || left(query, 40) || '=' || count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() group by state, wait_event, left(query, 40)", connection);
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            samples.Add(string.Join(", ", rows));
            await Task.WhenAny(done, Task.Delay(200));
        }
        return string.Join("\n", samples);
    }

    /// <summary>The dossier workflows started (waiting a little for any delivered after the answers).</summary>
    private static async Task<int> WaitForWorkflowsAsync(CallManagerDbContext db, int expected)
    {
        var count = 0;
        for (var i = 0; i < 100 && count < expected; i++)
        {
            if (i > 0) await Task.Delay(100);
            count = await db.Set<WorkflowInstance>().CountAsync(w => w.DefinitionId == "ptce-application");
        }
        return count;
    }

    /// <summary>Applicants with a complete draft each (prepared through the services, a few at a time), signed in through the API.</summary>
    private static async Task<List<(HttpClient Client, Guid Id)>> PrepareAsync(CallManagerApp app, Guid callId)
    {
        var prepared = new ConcurrentBag<(HttpClient, Guid)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Applicants), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var email = $"rush{i}@asso.example";
            var user = await app.CreateUserAsync(email, Roles.Applicant, "en");
            var actor = new Actor(user.Id, new HashSet<string> { Roles.Applicant }, "en", email);
            Guid id;
            using (var scope = app.Services.CreateScope())
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
            prepared.Add((await app.LoginAsync(email), id));
        });
        return [.. prepared];
    }

    /// <summary>The host with a cheap password hash: the rush measures submissions, not the sign-ins that prepare it.</summary>
    private sealed class RushApp(TestDatabase database, IDictionary<string, string?> settings) : CallManagerApp(database: database, settings: settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
        }
    }
}
