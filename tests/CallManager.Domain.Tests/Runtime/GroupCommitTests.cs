using System.Data.Common;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Sqlite;
using CallManager.Runtime.Storage;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>Group commit on SQLite: work queued while a batch commits goes together into the next transaction, a failure stays alone.</summary>
[Collection(RuntimeCollection.Name)]
public class GroupCommitTests
{
    [Fact]
    public async Task Work_queued_while_a_batch_runs_is_committed_together_in_the_next_transaction()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        var group = host.Services.GetRequiredService<GroupCommit>();

        var (first, release) = HoldTheWriter(group);
        var queued = Enumerable.Range(0, 10).Select(i => group.RunAsync(step => InsertAsync(step, $"queued-{i}"))).ToList();
        release();
        var firstTransaction = await first;
        var transactions = await Task.WhenAll(queued);

        Assert.Single(transactions.Distinct());
        Assert.NotSame(firstTransaction, transactions[0]);
        Assert.Equal(11, await RowsAsync(database));
    }

    [Fact]
    public async Task A_failing_item_is_rolled_back_alone_and_the_others_of_its_batch_commit()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
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

    [Fact]
    public async Task Stimuli_for_scope_free_workflows_resume_through_the_group_and_the_others_through_a_scope()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
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
    private static (Task<DbTransaction> First, Action Release) HoldTheWriter(GroupCommit group)
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

    private static async Task<DbTransaction> InsertAsync(GroupStep step, string @event)
    {
        await using var command = step.Transaction.Connection!.CreateCommand();
        command.Transaction = step.Transaction;
        command.CommandText = "INSERT INTO \"WorkflowJournal\" (\"InstanceId\", \"At\", \"LinesJson\") VALUES ($id, 0, $event)";
        AddParameter(command, "$id", Guid.NewGuid().ToString().ToUpperInvariant());
        AddParameter(command, "$event", @event);
        await command.ExecuteNonQueryAsync();
        return step.Transaction;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<int> RowsAsync(TestDatabase database, string? @event = null)
    {
        await using var db = database.NewRuntimeContext();
        return await db.Set<WorkflowJournalStep>().CountAsync(j => @event == null ? j.LinesJson == "first" || j.LinesJson.StartsWith("queued-") : j.LinesJson == @event);
    }
}
