using System.Text.Json.Nodes;
using CallManager.Domain.Hosting;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// Elsa's scheduling activities (StartAt, Timer, Cron: waits in a flow, recurring or one-off starts as triggers), SetName and
/// Correlate, each in the shape Elsa Studio exports and checked against the instance journal.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class ElsaSchedulingTests
{
    /// <summary>A host whose triggers are scheduled in its real Hangfire storage, as the application's are.</summary>
    private static RuntimeHost Host(TestDatabase database, Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null) =>
        RuntimeHost.Create(database, clock, s => s.AddHangfireScheduledTriggers());

    private static JsonObject Trigger(JsonObject activity)
    {
        activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = true, ["runAsynchronously"] = false };
        return activity;
    }

    /// <summary>Cron → WriteLine, as Elsa's cron-every-hour sample (no Start: the trigger is where the flow begins).</summary>
    private static string CronDefinition(string cron, string text = "Hello every hour") => Definition("cron-hello",
        [Activity("say", "Elsa.WriteLine", ("text", Literal(text))), Trigger(Activity("cron", "Elsa.Cron", ("cronExpression", Literal(cron))))],
        [("cron", "Done", "say")]);

    private static RecurringJobDto? RecurringJob(RuntimeHost host, string definitionId)
    {
        using var connection = host.Jobs.GetConnection();
        return connection.GetRecurringJobs([HangfireScheduledTriggers.JobId(definitionId)]).SingleOrDefault(j => j.Job is not null);
    }

    /// <summary>Performs a trigger job the way Hangfire would: a fresh scope, ids in.</summary>
    private static async Task PerformAsync(RuntimeHost host, Hangfire.Common.Job job)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowTriggerJob>().RunAsync((string)job.Args[0], (string)job.Args[1], (string?)job.Args[2]);
    }

    private static async Task<IReadOnlyList<WorkflowQueries.InstanceView>> InstancesAsync(RuntimeHost host, WorkflowQueries.InstanceFilter filter) =>
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstancesAsync(filter));

    [Fact]
    public async Task SetName_names_the_instance_as_queries_show_it()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = Host(database);
        await host.PublishValidAsync(Definition("named",
            [Activity("start", "Elsa.Start"), Activity("name", "Elsa.SetName", ("value", Liquid("Dossier {{ CorrelationId }}"))), Activity("end", "Elsa.End")],
            [("start", "Done", "name"), ("name", "Done", "end")]));

        var started = await host.Runtime.StartAsync(new StartRequest("named", "D-7"));

        Assert.Equal(("Dossier D-7", WorkflowStatus.Finished), (started.Name, started.Status));
        Assert.Equal(started.Id, Assert.Single(await InstancesAsync(host, new(Name: "Dossier D-7"))).Id);
        Assert.Equal("Dossier D-7", (await host.InstanceAsync(started.Id)).Name);
        Assert.Contains(await host.JournalAsync(started.Id), j => (j.ActivityId, j.Event) == ("name", "Completed"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Correlate_sets_the_correlation_id_by_which_a_stimulus_resumes_the_instance(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = Host(database);
        await host.PublishValidAsync(Definition("correlated",
            [Activity("start", "Elsa.Start"), Activity("correlate", "Elsa.Correlate", ("correlationId", Js("'order-' + (20 + 22)"))),
             Activity("paid", "Elsa.Event", ("eventName", Literal("Paid"))), Activity("end", "Elsa.End")],
            [("start", "Done", "correlate"), ("correlate", "Done", "paid"), ("paid", "Done", "end")]));

        var started = await host.Runtime.StartAsync(new StartRequest("correlated"));
        var found = await InstancesAsync(host, new(CorrelationId: "order-42"));
        var delivered = await host.Runtime.StimulateAsync(new Stimulus("Paid", "order-42"));

        Assert.Equal(("order-42", WorkflowStatus.Suspended), (started.CorrelationId, started.Status));
        Assert.Equal(started.Id, Assert.Single(found).Id);
        Assert.Equal((StimulusOutcome.Delivered, started.Id), (delivered.Outcome, Assert.Single(delivered.Instances)));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
        Assert.Contains(await host.JournalAsync(started.Id), j => (j.ActivityId, j.Event, j.Detail) == ("paid", "Resumed", "Paid"));
    }

    [Fact]
    public async Task StartAt_waits_for_its_instant_and_passes_at_once_when_it_is_past()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = Host(database, clock);
        await host.PublishValidAsync(Definition("start-at",
            [Activity("start", "Elsa.Start"), Activity("at", "Elsa.StartAt", ("dateTime", Js("input.At"))), Activity("end", "Elsa.End")],
            [("start", "Done", "at"), ("at", "Done", "end")]));

        var waiting = await host.Runtime.StartAsync(new StartRequest("start-at", "w", new JsonObject { ["At"] = "2027-03-01T12:00:00Z" }));
        var past = await host.Runtime.StartAsync(new StartRequest("start-at", "p", new JsonObject { ["At"] = "2027-03-01T08:00:00Z" }));

        Assert.Equal(WorkflowStatus.Suspended, waiting.Status);
        Assert.Equal(TestClock.Start.AddHours(3), Assert.Single(await host.BookmarksAsync(waiting.Id)).DueAt);
        Assert.Equal(WorkflowStatus.Finished, past.Status);
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(1, await host.RunScheduledJobsAsync());
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(waiting.Id)).Status);
        Assert.Contains(await host.JournalAsync(waiting.Id), j => (j.ActivityId, j.Event, j.Detail) == ("at", "Resumed", "Timer"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Timer_and_Cron_in_a_flow_wait_one_interval_then_until_the_next_occurrence(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        var clock = TestClock.Create();
        await using var host = Host(database, clock);
        await host.PublishValidAsync(Definition("waits",
            [Activity("start", "Elsa.Start"), Activity("timer", "Elsa.Timer", ("interval", Literal("00:20:00"))),
             Activity("cron", "Elsa.Cron", ("cronExpression", Literal("30 14 * * *"))), Activity("say", "Elsa.WriteLine", ("text", Literal("at half past two"))),
             Activity("end", "Elsa.End")],
            [("start", "Done", "timer"), ("timer", "Done", "cron"), ("cron", "Done", "say"), ("say", "Done", "end")]));

        var started = await host.Runtime.StartAsync(new StartRequest("waits", "t-1"));
        var timerDue = Assert.Single(await host.BookmarksAsync(started.Id)).DueAt;
        clock.Advance(TimeSpan.FromMinutes(20));
        await host.RunScheduledJobsAsync();
        var cronDue = Assert.Single(await host.BookmarksAsync(started.Id)).DueAt;
        clock.Advance(cronDue!.Value - clock.GetUtcNow());
        await host.RunScheduledJobsAsync();

        Assert.Equal(TestClock.Start.AddMinutes(20), timerDue);
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 14, 30, 0, TimeSpan.Zero), cronDue);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
        var journal = await host.JournalAsync(started.Id);
        Assert.Equal(["timer", "cron"], journal.Where(j => j.Event == "Resumed").Select(j => j.ActivityId!));
        Assert.Contains(journal, j => (j.ActivityId, j.Event, j.Detail) == ("say", "Note", "at half past two"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_Cron_trigger_is_a_recurring_job_that_starts_the_definition_and_follows_its_versions(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = Host(database);
        await host.PublishValidAsync(CronDefinition("0 0 * * * *"));

        var job = RecurringJob(host, "cron-hello");
        Assert.Equal("0 0 * * * *", job?.Cron);
        await PerformAsync(host, job!.Job);
        await PerformAsync(host, job.Job);

        var started = await InstancesAsync(host, new(DefinitionId: "cron-hello"));
        Assert.Equal(2, started.Count);
        Assert.All(started, i => Assert.Equal(WorkflowStatus.Finished, i.Status));
        var journal = await host.JournalAsync(started[0].Id);
        Assert.Equal([("cron", "Resumed"), ("cron", "Completed"), ("say", "Note")],
            journal.Where(j => j.ActivityId is not null).Select(j => (j.ActivityId!, j.Event)).Take(3));

        // A new version replaces the job's schedule; a version without the trigger removes it, and a job left behind starts nothing.
        await host.PublishValidAsync(CronDefinition("30 14 * * *", "at half past two"));
        Assert.Equal("30 14 * * *", RecurringJob(host, "cron-hello")?.Cron);
        await host.PublishValidAsync(Definition("cron-hello", [Activity("start", "Elsa.Start")], []));
        Assert.Null(RecurringJob(host, "cron-hello"));
        await PerformAsync(host, job.Job);
        Assert.Equal(2, (await InstancesAsync(host, new(DefinitionId: "cron-hello"))).Count);
    }

    [Fact]
    public async Task A_Timer_trigger_repeats_on_the_schedule_of_its_interval_and_StartAt_starts_once()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = Host(database, clock);
        await host.PublishValidAsync(Definition("every-quarter",
            [Trigger(Activity("timer", "Elsa.Timer", ("interval", Literal("00:15:00")))), Activity("say", "Elsa.WriteLine", ("text", Literal("tick")))],
            [("timer", "Done", "say")]));
        await host.PublishValidAsync(Definition("once",
            [Trigger(Activity("at", "Elsa.StartAt", ("dateTime", Literal("2027-03-02T08:00:00Z")))), Activity("say", "Elsa.WriteLine", ("text", Literal("once")))],
            [("at", "Done", "say")]), "workflows/once.json");

        Assert.Equal("0 */15 * * * *", RecurringJob(host, "every-quarter")?.Cron);
        var scheduled = host.Jobs.GetMonitoringApi().ScheduledJobs(0, 100).Select(j => j.Value).Single(j => j.Job?.Type == typeof(WorkflowTriggerJob));
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(scheduled.EnqueueAt, TimeSpan.Zero));
        await PerformAsync(host, scheduled.Job);
        await PerformAsync(host, scheduled.Job); // Hangfire runs a job at least once: the start key keeps it to one instance
        var once = Assert.Single(await InstancesAsync(host, new(DefinitionId: "once")));
        Assert.Equal(WorkflowStatus.Finished, once.Status);
        Assert.Contains(await host.JournalAsync(once.Id), j => (j.ActivityId, j.Event, j.Detail) == ("say", "Note", "once"));
    }

    [Fact]
    public async Task Schedules_that_cannot_run_are_refused_naming_the_activity_and_the_path()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = Host(database);

        var badCron = await host.PublishAsync(CronDefinition("0 0 25 * * * *"));
        var badInterval = await host.PublishAsync(Definition("seven",
            [Trigger(Activity("timer", "Elsa.Timer", ("interval", Literal("00:07:00")))), Activity("say", "Elsa.WriteLine", ("text", Literal("tick")))],
            [("timer", "Done", "say")]));
        var computed = await host.PublishAsync(Definition("computed",
            [Trigger(Activity("cron", "Elsa.Cron", ("cronExpression", Js("'0 * * * *'"))))], []));
        var midFlow = await host.PublishAsync(Definition("mid",
            [Activity("start", "Start"), Activity("cron", "Elsa.Cron", ("cronExpression", Literal("61 * * * *")))], [("start", "Done", "cron")]));

        var cronProblem = Assert.Single(badCron.Problems);
        Assert.Equal(("cron", "root.activities[1].cronExpression"), (cronProblem.ActivityId, cronProblem.Path));
        Assert.Contains("'0 0 25 * * * *' is not a cron expression", cronProblem.Message);
        var intervalProblem = Assert.Single(badInterval.Problems);
        Assert.Equal(("timer", "root.activities[0]"), (intervalProblem.ActivityId, intervalProblem.Path));
        Assert.Contains("interval 00:07:00 cannot repeat", intervalProblem.Message);
        Assert.Contains("must be a Literal", Assert.Single(computed.Problems).Message);
        Assert.Equal(("cron", "root.activities[1].cronExpression"), (Assert.Single(midFlow.Problems).ActivityId, midFlow.Problems[0].Path));
        Assert.All([badCron, badInterval, computed, midFlow], r => Assert.Equal(PublishOutcome.Refused, r.Outcome));
        Assert.Null(RecurringJob(host, "cron-hello"));
    }
}
