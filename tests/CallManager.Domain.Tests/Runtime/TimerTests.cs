using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public class TimerTests
{
    private static readonly DateTimeOffset Deadline = TestClock.Start.AddDays(2);

    /// <summary>Start → WaitUntil(input.deadline) → SetVariable(fired = now) → Finish.</summary>
    private static string DeadlineFlow() => Flow.Definition("deadline",
        [Flow.Activity("start", "Start"), Flow.Activity("until", "WaitUntil", ("dueAt", Flow.Js("input.deadline"))),
         Flow.Activity("mark", "SetVariable", ("variable", "Fired"), ("value", Flow.Js("now"))), Flow.Activity("end", "Finish")],
        [("start", "Done", "until"), ("until", "Done", "mark"), ("mark", "Done", "end")]);

    private static async Task<Guid> StartAsync(RuntimeHost host, DateTimeOffset deadline)
    {
        await host.PublishValidAsync(DeadlineFlow());
        var started = await host.Runtime.StartAsync(new StartRequest("deadline", "call-1", new JsonObject { ["deadline"] = deadline.ToString("O") }));
        Assert.Equal(WorkflowStatus.Suspended, started.Status);
        return started.Id;
    }

    private static async Task<int> ResumptionsAsync(RuntimeHost host, Guid id) =>
        (await host.JournalAsync(id)).Count(j => j.ActivityId == "until" && j.Event == "Resumed");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_WaitUntil_survives_a_host_restart_and_fires_exactly_once(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        var clock = TestClock.Create();
        Guid id;
        await using (var first = RuntimeHost.Create(database, clock))
        {
            id = await StartAsync(first, Deadline);
            var bookmark = Assert.Single(await first.BookmarksAsync(id));
            Assert.Equal(Deadline, bookmark.DueAt);
            Assert.Equal(bookmark.JobId, Assert.Single(first.ScheduledJobs()).JobId);
        }

        clock.SetUtcNow(Deadline.AddMinutes(5)); // the host was down when the deadline passed
        await using var second = RuntimeHost.Create(database, clock);
        await second.Engine.RecoverTimersAsync();
        await second.RunScheduledJobsAsync(); // the job scheduled before the restart also runs
        await second.Engine.RecoverTimersAsync(); // start-up again: nothing left to do

        var instance = await second.InstanceAsync(id);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(1, await ResumptionsAsync(second, id));
        Assert.Empty(second.ScheduledJobs());
    }

    [Fact]
    public async Task A_restart_before_the_deadline_keeps_the_one_job_which_then_fires()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        Guid id;
        await using (var first = RuntimeHost.Create(database, clock)) id = await StartAsync(first, Deadline);

        await using var second = RuntimeHost.Create(database, clock);
        await second.Engine.RecoverTimersAsync();
        Assert.Single(second.ScheduledJobs());

        clock.SetUtcNow(Deadline);
        Assert.Equal(1, await second.RunScheduledJobsAsync());
        Assert.Equal(WorkflowStatus.Finished, (await second.InstanceAsync(id)).Status);
    }

    [Fact]
    public async Task A_due_bookmark_whose_job_is_missing_is_scheduled_at_start_up()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = RuntimeHost.Create(database, clock);
        var id = await StartAsync(host, Deadline);
        host.Services.GetRequiredService<Hangfire.IBackgroundJobClient>().Delete(Assert.Single(host.ScheduledJobs()).JobId);
        Assert.Empty(host.ScheduledJobs());

        await host.Engine.RecoverTimersAsync();

        var job = Assert.Single(host.ScheduledJobs());
        Assert.Equal(Assert.Single(await host.BookmarksAsync(id)).Id, job.BookmarkId);
        Assert.Equal(job.JobId, (await host.BookmarksAsync(id))[0].JobId);
    }

    [Fact]
    public async Task A_job_fired_twice_at_the_same_time_moves_the_instance_once()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = RuntimeHost.Create(database, clock);
        var id = await StartAsync(host, Deadline);
        var (_, instanceId, bookmarkId) = Assert.Single(host.ScheduledJobs());
        clock.SetUtcNow(Deadline);

        await Task.WhenAll(host.PerformJobAsync(instanceId, bookmarkId), host.PerformJobAsync(instanceId, bookmarkId));
        await host.PerformJobAsync(instanceId, bookmarkId);

        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(id)).Status);
        Assert.Equal(1, await ResumptionsAsync(host, id));
        Assert.Single(await host.JournalAsync(id), j => j.Event == "Finished");
    }

    [Fact]
    public async Task A_job_that_runs_before_the_due_instant_does_not_resume_and_waits_again()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = RuntimeHost.Create(database, clock);
        var id = await StartAsync(host, Deadline);
        clock.SetUtcNow(Deadline.AddMilliseconds(-400)); // Hangfire keeps whole seconds: it may run up to a second early

        Assert.Equal(1, await host.RunScheduledJobsAsync());

        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(id)).Status);
        Assert.Equal(0, await ResumptionsAsync(host, id));
        var again = Assert.Single(host.ScheduledJobs());
        Assert.Equal(again.JobId, Assert.Single(await host.BookmarksAsync(id)).JobId);

        clock.SetUtcNow(Deadline);
        await host.RunScheduledJobsAsync();
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(id)).Status);
        Assert.Equal(Deadline.ToString("O"), JsonNode.Parse((await host.InstanceAsync(id)).VariablesJson)!["Fired"]!.GetValue<string>().Replace("Z", "+00:00"));
    }

    [Fact]
    public async Task A_deadline_moved_earlier_fires_at_the_new_time_only()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = RuntimeHost.Create(database, clock);
        var id = await StartAsync(host, Deadline.AddDays(10));
        var oldJob = Assert.Single(host.ScheduledJobs()).JobId;

        await host.Runtime.RescheduleTimerAsync(id, "until", Deadline);

        var newJob = Assert.Single(host.ScheduledJobs());
        Assert.NotEqual(oldJob, newJob.JobId);
        Assert.Equal(Deadline, Assert.Single(await host.BookmarksAsync(id)).DueAt);
        clock.SetUtcNow(Deadline.AddSeconds(-2));
        await host.RunScheduledJobsAsync();
        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(id)).Status);
        clock.SetUtcNow(Deadline);
        await host.RunScheduledJobsAsync();
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(id)).Status);
        Assert.Equal(1, await ResumptionsAsync(host, id));
    }

    [Fact]
    public async Task A_deadline_moved_later_does_not_fire_at_the_old_time()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = RuntimeHost.Create(database, clock);
        var id = await StartAsync(host, Deadline);
        var oldJob = Assert.Single(host.ScheduledJobs());

        await host.Runtime.RescheduleTimerAsync(id, "until", Deadline.AddDays(3));

        clock.SetUtcNow(Deadline.AddHours(1));
        await host.PerformJobAsync(oldJob.InstanceId, oldJob.BookmarkId); // even if the old job had already started
        await host.RunScheduledJobsAsync();
        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(id)).Status);
        clock.SetUtcNow(Deadline.AddDays(3));
        await host.RunScheduledJobsAsync();
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(id)).Status);
        Assert.Equal(1, await ResumptionsAsync(host, id));
    }

    [Fact]
    public async Task Cancelling_an_instance_deletes_its_timer_job()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        var id = await StartAsync(host, Deadline);

        var cancelled = await host.Runtime.CancelAsync(id, "call withdrawn");

        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Empty(host.ScheduledJobs());
        Assert.Empty(await host.BookmarksAsync(id));
    }

    [Fact]
    public async Task A_Delay_waits_for_its_duration()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var clock = TestClock.Create();
        await using var host = RuntimeHost.Create(database, clock);
        await host.PublishValidAsync(Flow.Definition("delay",
            [Flow.Activity("start", "Start"), Flow.Activity("pause", "Elsa.Delay", ("timeSpan", Flow.Literal("01:30:00"))), Flow.Activity("end", "Finish")],
            [("start", "Done", "pause"), ("pause", "Done", "end")]));

        var started = await host.Runtime.StartAsync(new StartRequest("delay"));

        Assert.Equal(TestClock.Start.AddMinutes(90), Assert.Single(await host.BookmarksAsync(started.Id)).DueAt);
        clock.Advance(TimeSpan.FromMinutes(90));
        await host.RunScheduledJobsAsync();
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
    }
}
