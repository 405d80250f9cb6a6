using System.Data.Common;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Sqlite;
using CallManager.Runtime.Stimuli;
using CallManager.Runtime.Storage;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// Group commit on SQLite and PostgreSQL: work queued while a batch commits goes together into the next transaction, a
/// failure (of the item's code, or of its writes in the database) stays alone.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class GroupCommitTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Work_queued_while_a_batch_runs_is_committed_together_in_the_next_transaction(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        var group = host.Services.GetRequiredService<GroupCommit>();

        var (first, release) = HoldTheWriter(group);
        var queued = Enumerable.Range(0, 10).Select(i => group.RunAsync(step => InsertAsync(step, $"queued-{i}"))).ToList();
        release();
        var firstTransaction = await first;
        var transactions = await Task.WhenAll(queued);

        Assert.Single(transactions.Distinct());
        Assert.NotEqual(firstTransaction, transactions[0]);
        Assert.Equal(11, await RowsAsync(database));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_failing_item_is_rolled_back_alone_and_the_others_of_its_batch_commit(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        var group = host.Services.GetRequiredService<GroupCommit>();

        var (first, release) = HoldTheWriter(group);
        var queued = Enumerable.Range(0, 10).Select(i => group.RunAsync(async step =>
        {
            var transaction = await InsertAsync(step, $"queued-{i}");
            return i == 3 ? throw new InvalidOperationException("item 3 fails after its insert") : transaction;
        })).ToList();
        release();
        await first;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => queued[3]);
        Assert.Equal("item 3 fails after its insert", failure.Message);
        Assert.Single((await Task.WhenAll(queued.Where((_, i) => i != 3))).Distinct());
        Assert.Equal(10, await RowsAsync(database));
        Assert.Equal(0, await RowsAsync(database, "queued-3"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Stimuli_for_scope_free_workflows_resume_through_the_group_and_the_others_through_a_scope(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Flow.WaitForSignal("plain"), "workflows/plain.json");
        await host.PublishValidAsync(Flow.Definition("mailing",
            [Flow.Activity("start", "Start"), Flow.Activity("wait", "WaitForSignal", ("signal", Flow.Literal("Go"))),
             Flow.Activity("mail", "SendEmail", ("to", Flow.Literal("office@example.org")), ("subject", Flow.Literal("Resumed")))],
            [("start", "Done", "wait"), ("wait", "Done", "mail")]), "workflows/mailing.json");
        var group = host.Services.GetRequiredService<GroupCommit>();
        var plain = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => host.Runtime.StartAsync(new StartRequest("plain", $"p{i}"))));
        var mailing = await host.Runtime.StartAsync(new StartRequest("mailing", "m1"));
        var before = group.ItemsCommitted;

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => host.Runtime.StimulateAsync(new Stimulus("Go", $"p{i}")))));
        var afterPlain = group.ItemsCommitted;
        var mailed = await host.Runtime.StimulateAsync(new Stimulus("Go", "m1"));

        Assert.All(results, r => Assert.Equal(StimulusOutcome.Delivered, r.Outcome));
        Assert.Equal(10, afterPlain - before);
        foreach (var started in plain) Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
        await using (var db = database.NewRuntimeContext())
        {
            // One journal row for the start, one for the resumption, also when resumptions were committed together.
            var journal = await db.Set<WorkflowJournalStep>().Where(j => plain.Select(p => p.Id).Contains(j.InstanceId)).ToListAsync();
            Assert.All(plain, started => Assert.Equal(2, journal.Count(j => j.InstanceId == started.Id)));
        }
        Assert.Equal(StimulusOutcome.Delivered, mailed.Outcome);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(mailing.Id)).Status);
        Assert.Single(host.Outbox.Mails, m => m.Subject == "Resumed"); // only a scope has the outbox: the scoped path ran it
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_item_whose_write_the_database_refuses_fails_alone_and_the_others_of_its_batch_commit(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        var group = host.Services.GetRequiredService<GroupCommit>();
        await group.RunAsync(step => InsertStimulusAsync(step, "taken"));

        // On PostgreSQL the batch's writes are sent together before its commit: the refusal comes for all of them at once.
        var (first, release) = HoldTheWriter(group);
        var queued = Enumerable.Range(0, 10).Select(i => group.RunAsync(async step =>
        {
            await InsertAsync(step, $"queued-{i}");
            return await InsertStimulusAsync(step, i == 3 ? "taken" : $"key-{i}"); // item 3's key is unique and taken
        })).ToList();
        release();
        await first;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => queued[3]);
        Assert.True(failure is DbException or DbUpdateException, failure.ToString());
        Assert.Single((await Task.WhenAll(queued.Where((_, i) => i != 3))).Distinct());
        Assert.Equal(10, await RowsAsync(database));
        Assert.Equal(0, await RowsAsync(database, "queued-3"));
        await using var db = database.NewRuntimeContext();
        Assert.Equal(10, await db.Set<WorkflowStimulus>().CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Concurrent_resumptions_commit_in_groups_and_one_that_faults_is_recorded_alone(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        // After "Go", the variable's script throws for the correlation id "bad" only.
        await host.PublishValidAsync(Flow.Definition("picky",
            [Flow.Activity("start", "Start"), Flow.Activity("wait", "WaitForSignal", ("signal", Flow.Literal("Go"))),
             Flow.Activity("set", "SetVariable", ("variable", "V"), ("value", Flow.Js("if (correlationId === 'bad') throw new Error('bad input'); 1"))),
             Flow.Activity("end", "Finish")],
            [("start", "Done", "wait"), ("wait", "Done", "set"), ("set", "Done", "end")]), "workflows/picky.json");
        var group = host.Services.GetRequiredService<GroupCommit>();
        var ids = Enumerable.Range(0, 40).Select(i => i == 17 ? "bad" : $"c{i}").ToList();
        var started = await Task.WhenAll(ids.Select(id => host.Runtime.StartAsync(new StartRequest("picky", id))));
        var (items, batches) = (group.ItemsCommitted, group.BatchesCommitted);

        // The 40 callers queue while the writer is held, so they meet in one batch, whose faulting item goes alone.
        var (first, release) = HoldTheWriter(group);
        var stimulated = ids.Select(id => Task.Run(() => host.Runtime.StimulateAsync(new Stimulus("Go", id)))).ToList();
        for (var waited = 0; group.Queued < ids.Count && waited < 3000; waited++) await Task.Delay(10);
        release();
        await first;
        var results = await Task.WhenAll(stimulated);

        Assert.All(results, r => Assert.Equal(StimulusOutcome.Delivered, r.Outcome));
        Assert.Equal(1 + 39, group.ItemsCommitted - items); // the held item, then the 39 that did not fault
        Assert.Equal(2, group.BatchesCommitted - batches); // one commit for the 39 resumptions
        for (var i = 0; i < ids.Count; i++)
            Assert.Equal(ids[i] == "bad" ? WorkflowStatus.Faulted : WorkflowStatus.Finished, (await host.InstanceAsync(started[i].Id)).Status);
        await using var db = database.NewRuntimeContext();
        Assert.Single(await db.Set<WorkflowIncident>().ToListAsync(), x => x.InstanceId == started[17].Id);
        Assert.Empty(await db.Set<WorkflowBookmark>().Where(b => b.InstanceId != started[17].Id).ToListAsync());
    }

    [Fact]
    public async Task Wal_checkpoints_run_on_their_own_connection_beside_the_writer_whose_own_checkpoint_is_only_a_backstop_and_which_reads_through_a_memory_map()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        var group = host.Services.GetRequiredService<GroupCommit>();

        for (var i = 0; i < WalCheckpointer.CommitsPerCheckpoint; i++) await group.RunAsync(step => InsertAsync(step, $"queued-{i}"));
        var checkpointer = group.Checkpointer!;
        for (var waited = 0; checkpointer.Checkpoints == 0 && waited < 3000; waited++) await Task.Delay(10); // it runs on another thread

        Assert.Equal(1, checkpointer.Checkpoints);
        Assert.True(checkpointer.Last.WalFrames > 0, "the commits were in the WAL");
        Assert.Equal(checkpointer.Last.WalFrames, checkpointer.Last.Copied); // nobody reading: everything copied into the file
        var backstop = await group.RunAsync(async step =>
        {
            await using var command = step.Transaction.Connection!.CreateCommand();
            command.Transaction = step.Transaction;
            command.CommandText = "PRAGMA wal_autocheckpoint;";
            var pages = Convert.ToInt32(await command.ExecuteScalarAsync());
            command.CommandText = "PRAGMA mmap_size;";
            return (pages, MemoryMap: Convert.ToInt64(await command.ExecuteScalarAsync()));
        });
        Assert.Equal(WalCheckpointer.BackstopPages, backstop.pages);
        Assert.Equal(256L << 20, backstop.MemoryMap); // the writer reads the file through a memory map
        Assert.Equal(WalCheckpointer.CommitsPerCheckpoint, await RowsAsync(database));
    }

    /// <summary>Starts an item that holds the writer (inside its transaction) until the returned action releases it.</summary>
    private static (Task<long> First, Action Release) HoldTheWriter(GroupCommit group)
    {
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = group.RunAsync(async step =>
        {
            inside.SetResult();
            await hold.Task;
            return await InsertAsync(step, "first");
        });
        inside.Task.Wait(TimeSpan.FromSeconds(30));
        return (first, () => hold.SetResult());
    }

    /// <summary>Inserts a journal row whose lines are <paramref name="event"/>, through the group's statements (sent at the latest before the commit).</summary>
    private static async Task<long> InsertAsync(GroupStep step, string @event)
    {
        var row = new WorkflowJournalStep { InstanceId = Guid.NewGuid(), At = DateTimeOffset.UnixEpoch, LinesJson = @event };
        await step.Statements.InsertAsync(TableSql.For<WorkflowJournalStep>(step.Db), [row], CancellationToken.None);
        return step.Number;
    }

    /// <summary>Inserts a delivered stimulus record with idempotency key <paramref name="key"/> (unique in the table).</summary>
    private static async Task<long> InsertStimulusAsync(GroupStep step, string key)
    {
        var row = new WorkflowStimulus { Id = Guid.NewGuid(), Name = "Test", IdempotencyKey = key, ReceivedAt = DateTimeOffset.UnixEpoch, DeliveredAt = DateTimeOffset.UnixEpoch };
        await step.Statements.InsertAsync(TableSql.For<WorkflowStimulus>(step.Db), [row], CancellationToken.None);
        return step.Number;
    }

    private static async Task<int> RowsAsync(TestDatabase database, string? @event = null)
    {
        await using var db = database.NewRuntimeContext();
        return await db.Set<WorkflowJournalStep>().CountAsync(j => @event == null ? j.LinesJson == "first" || j.LinesJson.StartsWith("queued-") : j.LinesJson == @event);
    }
}
