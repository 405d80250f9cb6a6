using CallManager.Testing;
using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Tests.Submissions;

public class AuditLogTests
{
    private static readonly AuditChainKey Key = AuditChainKey.Generate();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_chain_verifies_until_an_entry_is_altered_or_removed(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = TestClock.Create();
        await using (var db = database.NewContext())
        {
            var audit = new AuditLog(db, clock, Key);
            for (var i = 1; i <= 5; i++)
            {
                await audit.AppendAsync(Actor.System, "Call", i, null, "call.updated", new { n = i - 1 }, new { n = i });
                clock.Advance(TimeSpan.FromTicks(1234567)); // sub-millisecond instants must survive every engine's precision
            }
            await db.SaveChangesAsync();
            Assert.Equal(new AuditVerification(true, 5, null, null), await audit.VerifyAsync());
        }

        await using (var db = database.NewContext())
        {
            var third = await db.Set<AuditEntry>().SingleAsync(e => e.Sequence == 3);
            third.Actor = "someone-else";
            await db.SaveChangesAsync();
            Assert.Equal(new AuditVerification(false, 2, 3, "entry 3 was altered after it was written"), await new AuditLog(db, clock, Key).VerifyAsync());
            db.Remove(third);
            await db.SaveChangesAsync();
            Assert.Equal(new AuditVerification(false, 2, 3, "entry 3 is missing (next is 4)"), await new AuditLog(db, clock, Key).VerifyAsync());
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Concurrent_appends_are_relinked_and_both_saved(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = TestClock.Create();
        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var one = await new AuditLog(first, clock, Key).AppendAsync(Actor.System, "Call", 1, null, "call.updated", null, new { n = 1 });
        var two = await new AuditLog(second, clock, Key).AppendAsync(Actor.System, "Call", 2, null, "call.updated", null, new { n = 2 });
        var three = await new AuditLog(second, clock, Key).AppendAsync(Actor.System, "Call", 3, null, "call.updated", null, new { n = 3 });
        Assert.Equal(1, two.Sequence); // both units of work read the same end of the chain

        await first.SaveChangesAsync();
        await second.SaveChangesAsync();

        Assert.Equal([1L, 2L, 3L], new[] { one.Sequence, two.Sequence, three.Sequence });
        await using var check = database.NewContext();
        Assert.Equal(new AuditVerification(true, 3, null, null), await new AuditLog(check, clock, Key).VerifyAsync());
        Assert.Equal(["1", "2", "3"], await check.Set<AuditEntry>().OrderBy(e => e.Sequence).Select(e => e.EntityId).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Twenty_requests_appending_at_the_same_moment_all_save_on_one_intact_chain(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = TestClock.Create();
        var arrived = 0;
        var allRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Every request reads the same end of the chain, then all save at once: each must wait its turn, none may fail.
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
        {
            await using var db = database.NewContext();
            var audit = new AuditLog(db, clock, Key);
            await audit.AppendAsync(Actor.System, "Call", i, null, "call.updated", null, new { n = i });
            await audit.AppendAsync(Actor.System, "Call", i, null, "call.published", null, null);
            if (Interlocked.Increment(ref arrived) == 20) allRead.SetResult();
            await allRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await db.SaveChangesAsync();
        })));

        await using var check = database.NewContext();
        Assert.Equal(new AuditVerification(true, 40, null, null), await new AuditLog(check, clock, Key).VerifyAsync());
        var entries = await check.Set<AuditEntry>().OrderBy(e => e.Sequence).ToListAsync();
        // Each request's two entries stay adjacent and in order.
        Assert.All(entries.Chunk(2), pair => Assert.Equal((pair[0].EntityId, "call.updated", "call.published"), (pair[1].EntityId, pair[0].Action, pair[1].Action)));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString()), entries.Select(e => e.EntityId).Distinct().Order(StringComparer.Ordinal).OrderBy(int.Parse));
    }
}
