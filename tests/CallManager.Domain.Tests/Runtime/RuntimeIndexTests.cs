using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// The runtime's hot tables carry few indexes (each one is written on every resumption): the due-instant index holds
/// timers only, and the instances have no index on status alone. The queries that read them still work.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class RuntimeIndexTests
{
    private static readonly DateTimeOffset Deadline = TestClock.Start.AddDays(2);

    /// <summary>Start → WaitUntil(input.deadline) → Finish.</summary>
    private static string DeadlineFlow() => Definition("deadline",
        [Activity("start", "Start"), Activity("until", "WaitUntil", ("dueAt", Js("input.deadline"))), Activity("end", "Finish")],
        [("start", "Done", "until"), ("until", "Done", "end")]);

    private static async Task<Guid> StartDeadlineAsync(RuntimeHost host, string correlationId, DateTimeOffset deadline) =>
        (await host.Runtime.StartAsync(new StartRequest("deadline", correlationId, new JsonObject { ["deadline"] = deadline.ToString("O") }))).Id;

    [Fact]
    public async Task On_SQLite_the_timer_query_reads_the_partial_due_index_which_holds_no_signal_bookmark()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = RuntimeHost.Create(database, clock);
        await host.PublishValidAsync(DeadlineFlow(), "workflows/deadline.json");
        await host.PublishValidAsync(Flow.WaitForSignal("wait", "Go"), "workflows/wait.json");
        var later = await StartDeadlineAsync(host, "call-2", Deadline.AddDays(5));
        var due = await StartDeadlineAsync(host, "call-1", Deadline);
        var waiting = (await host.Runtime.StartAsync(new StartRequest("wait", "dossier-1"))).Id;

        await using (var db = database.NewRuntimeContext())
        {
            Assert.Equal(3, await db.Set<WorkflowBookmark>().CountAsync());

            // The query of RecoverTimersAsync: the timers only, earliest first, read in order from the partial index.
            var timers = db.Set<WorkflowBookmark>().AsNoTracking().Where(b => b.DueAt != null).OrderBy(b => b.DueAt);
            Assert.Equal([due, later], (await timers.ToListAsync()).Select(b => b.InstanceId));
            var plan = await PlanAsync(db, timers.ToQueryString());
            Assert.Contains("USING INDEX IX_WorkflowBookmarks_DueAt", plan);
            Assert.DoesNotContain("TEMP B-TREE", plan); // no sort: the index gives the order

            // The index is partial (SQLite's own flag) with the timers' filter, and integrity_check, which counts the
            // entries of a partial index against the rows its filter selects, finds it consistent: the signal bookmark
            // has no entry in it.
            var definition = await db.Database.SqlQueryRaw<string>(
                "SELECT sql AS Value FROM sqlite_master WHERE type = 'index' AND name = 'IX_WorkflowBookmarks_DueAt'").SingleAsync();
            Assert.EndsWith("WHERE \"DueAt\" IS NOT NULL", definition);
            Assert.Equal(1, await db.Database.SqlQueryRaw<int>(
                "SELECT \"partial\" AS Value FROM pragma_index_list('WorkflowBookmarks') WHERE name = 'IX_WorkflowBookmarks_DueAt'").SingleAsync());
            Assert.Equal("ok", await db.Database.SqlQueryRaw<string>("SELECT integrity_check AS Value FROM pragma_integrity_check").SingleAsync());
            // A signal lookup cannot be served by it.
            var signals = await PlanAsync(db, db.Set<WorkflowBookmark>().Where(b => b.DueAt == null).ToQueryString());
            Assert.DoesNotContain("IX_WorkflowBookmarks_DueAt", signals);
        }

        clock.SetUtcNow(Deadline.AddMinutes(5));
        await host.Engine.RecoverTimersAsync();

        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(due)).Status);
        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(later)).Status);
        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(waiting)).Status);
        Assert.Null(Assert.Single(await host.BookmarksAsync(waiting)).DueAt);
        Assert.Equal(StimulusOutcome.Delivered, (await host.Runtime.StimulateAsync(new Stimulus("Go", "dossier-1"))).Outcome);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(waiting)).Status);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_instance_list_filtered_by_status_alone_finds_the_instances_in_that_status(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        var state = new FlakySwitch();
        await using var host = RuntimeHost.Create(database, configure: s =>
        {
            s.AddSingleton(state);
            s.AddActivity<Flaky>("Test.Flaky", requiredInputs: ["label"]);
        });
        await host.PublishValidAsync(Definition("flaky",
            [Activity("start", "Start"), Activity("wait", "WaitForSignal", ("signal", Literal("Go"))),
             Activity("flaky", "Test.Flaky", ("label", Literal("done"))), Activity("end", "Finish")],
            [("start", "Done", "wait"), ("wait", "Done", "flaky"), ("flaky", "Done", "end")]), "workflows/flaky.json");
        await host.PublishValidAsync(Flow.WaitForSignal("wait", "Go"), "workflows/wait.json");
        var faulted = (await host.Runtime.StartAsync(new StartRequest("flaky", "a"))).Id;
        var suspended = (await host.Runtime.StartAsync(new StartRequest("flaky", "b"))).Id;
        var finished = (await host.Runtime.StartAsync(new StartRequest("wait", "a"))).Id;
        await host.Runtime.StimulateAsync(new Stimulus("Go", "a")); // faults "flaky" a, finishes "wait" a

        async Task<List<Guid>> ListAsync(WorkflowStatus status) => (await host.InScopeAsync(s =>
            s.GetRequiredService<WorkflowQueries>().InstancesAsync(new(Status: status)))).Select(i => i.Id).ToList();

        Assert.Equal([faulted], await ListAsync(WorkflowStatus.Faulted));
        Assert.Equal([suspended], await ListAsync(WorkflowStatus.Suspended));
        Assert.Equal([finished], await ListAsync(WorkflowStatus.Finished));
        Assert.Empty(await ListAsync(WorkflowStatus.Running));
    }

    private static async Task<string> PlanAsync(DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(3));
        return string.Join("\n", lines);
    }
}
