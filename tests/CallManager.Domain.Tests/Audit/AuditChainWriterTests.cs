using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Hosting;
using CallManager.Domain.Persistence;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Audit;

/// <summary>
/// On a server database the chain is linked after the commit by one writer, many saves per transaction: each save still
/// finds its entries in the chain when it returns, the chain verifies, and what a crash left unlinked is linked later.
/// </summary>
public sealed class AuditChainWriterTests
{
    private readonly string _key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Theory]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Sixty_concurrent_saves_each_find_their_entries_linked_when_they_return_on_one_intact_chain(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using var services = Services(database);
        var arrived = 0;
        var allDrafted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var linkedAtReturn = await Task.WhenAll(Enumerable.Range(1, 60).Select(i => Task.Run(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            await audit.AppendAsync(Actor.System, "Call", i, null, "call.updated", null, new { n = i });
            await audit.AppendAsync(Actor.System, "Call", i, null, "call.published", null, null);
            if (Interlocked.Increment(ref arrived) == 60) allDrafted.SetResult();
            await allDrafted.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await db.SaveChangesAsync();
            await using var check = services.CreateAsyncScope(); // another connection: what any reader sees now
            return await check.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<AuditEntry>().CountAsync(e => e.EntityId == i.ToString());
        })));

        Assert.All(linkedAtReturn, count => Assert.Equal(2, count));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        Assert.Equal(0, await db.Set<AuditPendingBatch>().CountAsync());
        var entries = await db.Set<AuditEntry>().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), entries.Select(e => e.Sequence));
        // Each save's two entries stay adjacent and in their order.
        Assert.All(entries.Chunk(2), pair => Assert.Equal((pair[0].EntityId, "call.updated", "call.published"), (pair[1].EntityId, pair[0].Action, pair[1].Action)));
        Assert.Equal(new AuditVerification(true, 120, null, null), await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(head: null));
    }

    [Fact]
    public async Task Entries_a_crash_left_unlinked_are_linked_by_the_next_pass_after_the_entries_linked_since()
    {
        using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.PostgreSql);
        await using var services = Services(database);
        var key = services.GetRequiredService<AuditChainKey>();
        // A host killed between its commit and its linking leaves its batch in AuditPending.
        await using (var crashed = database.NewContext())
        {
            crashed.Add(AuditPendingBatch.From([new AuditEntry { At = TestClock.Start, Actor = "system", EntityType = "Call", EntityId = "crashed", Action = "call.updated", After = "{\"n\":1}" }]));
            await crashed.SaveChangesAsync();
        }
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(Actor.System, "Call", "after", null, "call.updated", null, null);
            await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().SaveChangesAsync();
        }

        await using var check = services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        // The save's own pass linked every pending batch, the crashed one first (it was committed first).
        Assert.Equal(["crashed", "after"], await db.Set<AuditEntry>().OrderBy(e => e.Sequence).Select(e => e.EntityId).ToListAsync());
        Assert.Equal(0, await db.Set<AuditPendingBatch>().CountAsync());

        await using (var crashed = database.NewContext())
        {
            crashed.Add(AuditPendingBatch.From([new AuditEntry { At = TestClock.Start, Actor = "system", EntityType = "Call", EntityId = "crashed-again", Action = "call.updated" }]));
            await crashed.SaveChangesAsync();
        }
        // Verification links what is pending first, then checks every link with the key.
        Assert.Equal(new AuditVerification(true, 3, null, null), await new AuditLog(db, TimeProvider.System, key).VerifyAsync(head: null));
        Assert.Equal("crashed-again", (await db.Set<AuditEntry>().SingleAsync(e => e.Sequence == 3)).EntityId);
    }

    private ServiceProvider Services(TestDatabase database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Audit:ChainKey"] = _key,
            ["Audit:HeadFolder"] = Path.Combine(Path.GetTempPath(), "cm-tests", Guid.NewGuid().ToString("N"), "heads"),
        }).Build();
        return new ServiceCollection().AddLogging().AddCallManagerCore(database.Options, configuration).BuildServiceProvider();
    }
}
