using CallManager.Testing;
using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallManager.Domain.Tests.Audit;

/// <summary>Someone who can write to the database but lacks the chain key cannot rebuild a chain that still verifies.</summary>
public sealed class AuditChainKeyTests : IDisposable
{
    private readonly AuditChainKey _key = AuditChainKey.Generate();
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly string _headFolder = Path.Combine(Path.GetTempPath(), "cm-tests", Guid.NewGuid().ToString("N"), "heads");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_chain_rebuilt_with_plain_SHA256_fails_at_its_first_entry(DatabaseProvider provider)
    {
        using var database = await SeededAsync(provider, 6);
        await RebuildAsync(database, from: 1, e => AuditLog.ComputeHash(e));

        await using var db = database.NewContext();
        Assert.Equal(new AuditVerification(false, 0, 1, "entry 1 is linked with plain SHA-256, not the chain key: the chain was rebuilt without the key"),
            await new AuditLog(db, _clock, _key).VerifyAsync(head: null));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_chain_rebuilt_from_an_altered_entry_with_a_wrong_key_fails_at_that_entry(DatabaseProvider provider)
    {
        using var database = await SeededAsync(provider, 6);
        var wrong = AuditChainKey.Generate();
        await RebuildAsync(database, from: 4, e => AuditLog.Link(e, wrong), e => e.After = e.Sequence == 4 ? "{\"n\":40}" : e.After);

        await using var db = database.NewContext();
        Assert.Equal(new AuditVerification(false, 3, 4, "entry 4 was altered after it was written"), await new AuditLog(db, _clock, _key).VerifyAsync(head: null));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_chain_rebuilt_as_unkeyed_entries_fails_against_the_head_written_outside_the_database(DatabaseProvider provider)
    {
        using var database = await SeededAsync(provider, 5);
        AuditHead head;
        await using (var db = database.NewContext()) head = (await Heads(db).WriteAsync("publication"))!;
        Assert.Equal((5L, 0L), (head.Sequence, head.LegacyUntil));

        // The forger marks every entry as written before the upgrade and recomputes plain SHA-256 links.
        await RebuildAsync(database, from: 1, e => AuditLog.ComputeHash(e), e => e.LinkScheme = AuditLinkScheme.Sha256);

        await using (var db = database.NewContext())
        {
            var result = await new AuditLog(db, _clock, _key, Heads(db)).VerifyAsync();
            Assert.Equal((false, 0L, (long?)1), (result.Intact, result.EntriesChecked, result.FirstBrokenSequence));
            Assert.StartsWith("entry 1 is not keyed, but the head written on", result.Problem);
            Assert.Equal(head, result.Head);
            // Without the head, nothing in the database itself tells unkeyed entries from entries older than the key.
            Assert.True((await new AuditLog(db, _clock, _key).VerifyAsync(head: null)).Intact);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_chain_written_before_the_upgrade_still_verifies_and_keyed_entries_follow_it(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using (var db = database.NewContext())
        {
            // Entries as the previous version wrote them: plain SHA-256 links, scheme 0 (the migration's default).
            var previous = AuditLog.Genesis;
            for (var i = 1; i <= 3; i++)
            {
                var entry = new AuditEntry { Sequence = i, At = _clock.GetUtcNow(), Actor = "system", EntityType = "Call", EntityId = i.ToString(),
                    Action = "call.updated", PreviousHash = previous, LinkScheme = AuditLinkScheme.Sha256 };
                entry.Hash = AuditLog.ComputeHash(entry);
                previous = entry.Hash;
                db.Add(entry);
            }
            await db.SaveChangesAsync();
        }
        await AppendAsync(database, 2);

        await using (var db = database.NewContext())
        {
            var schemes = await db.Set<AuditEntry>().OrderBy(e => e.Sequence).Select(e => e.LinkScheme).ToListAsync();
            Assert.Equal([AuditLinkScheme.Sha256, AuditLinkScheme.Sha256, AuditLinkScheme.Sha256, AuditLinkScheme.HmacSha256, AuditLinkScheme.HmacSha256], schemes);
            var head = (await Heads(db).WriteAsync("daily"))!;
            Assert.Equal((5L, 3L), (head.Sequence, head.LegacyUntil));
            Assert.Equal(new AuditVerification(true, 5, null, null, head), await new AuditLog(db, _clock, _key, Heads(db)).VerifyAsync());
        }

        // Unkeying the keyed part is refused even without a head: no unkeyed entry may follow a keyed one.
        await using (var db = database.NewContext())
        {
            var fifth = await db.Set<AuditEntry>().SingleAsync(e => e.Sequence == 5);
            fifth.LinkScheme = AuditLinkScheme.Sha256;
            fifth.Hash = AuditLog.ComputeHash(fifth);
            await db.SaveChangesAsync();
            Assert.Equal(new AuditVerification(false, 4, 5, "entry 5 is not keyed although entry 4 before it is: the chain was rebuilt without the key"),
                await new AuditLog(db, _clock, _key).VerifyAsync(head: null));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_chain_written_before_the_migration_that_keys_it_verifies_after_it(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using (var db = database.NewContext())
        {
            var previous = AuditLog.Genesis;
            for (var i = 1; i <= 3; i++)
            {
                var entry = new AuditEntry { Sequence = i, At = _clock.GetUtcNow(), Actor = "system", EntityType = "Call", EntityId = i.ToString(), Action = "call.updated",
                    After = $"{{\"n\":{i}}}", PreviousHash = previous, LinkScheme = AuditLinkScheme.Sha256 };
                entry.Hash = AuditLog.ComputeHash(entry);
                previous = entry.Hash;
                db.Add(entry);
            }
            await db.SaveChangesAsync();
            // Back to the schema before the keyed chain (the link scheme column goes), then up again as an upgrade does.
            await db.GetService<IMigrator>().MigrateAsync("UniqueReserveRank");
        }
        await database.MigrateAsync();
        await AppendAsync(database, 2);

        await using var check = database.NewContext();
        Assert.Equal(new AuditVerification(true, 5, null, null), await new AuditLog(check, _clock, _key).VerifyAsync(head: null));
        Assert.Equal([AuditLinkScheme.Sha256, AuditLinkScheme.Sha256, AuditLinkScheme.Sha256, AuditLinkScheme.HmacSha256, AuditLinkScheme.HmacSha256],
            await check.Set<AuditEntry>().OrderBy(e => e.Sequence).Select(e => e.LinkScheme).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Entries_removed_from_the_end_or_a_forged_head_are_detected(DatabaseProvider provider)
    {
        using var database = await SeededAsync(provider, 4);
        await using var db = database.NewContext();
        var head = (await Heads(db).WriteAsync("publication"))!;
        await db.Set<AuditEntry>().Where(e => e.Sequence > 2).ExecuteDeleteAsync();

        var truncated = await new AuditLog(db, _clock, _key, Heads(db)).VerifyAsync();
        Assert.Equal((false, 2L, (long?)3), (truncated.Intact, truncated.EntriesChecked, truncated.FirstBrokenSequence));
        Assert.StartsWith("the chain ends at entry 2, but the head written on", truncated.Problem);

        var forged = head with { Sequence = 2, Hash = (await db.Set<AuditEntry>().SingleAsync(e => e.Sequence == 2)).Hash };
        var refused = await new AuditLog(db, _clock, _key).VerifyAsync(forged);
        Assert.False(refused.Intact);
        Assert.Contains("is not signed with the configured chain key", refused.Problem);
    }

    private async Task<TestDatabase> SeededAsync(DatabaseProvider provider, int count)
    {
        var database = await TestDatabase.CreateMigratedAsync(provider);
        await AppendAsync(database, count);
        await using var db = database.NewContext();
        Assert.Equal(new AuditVerification(true, count, null, null), await new AuditLog(db, _clock, _key).VerifyAsync(head: null));
        return database;
    }

    private async Task AppendAsync(TestDatabase database, int count)
    {
        await using var db = database.NewContext();
        var audit = new AuditLog(db, _clock, _key);
        for (var i = 1; i <= count; i++)
        {
            await audit.AppendAsync(Actor.System, "Call", i, null, "call.updated", null, new { n = i });
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        await db.SaveChangesAsync();
    }

    /// <summary>What a forger with write access does: changes the entries from <paramref name="from"/> on and re-links them.</summary>
    private static async Task RebuildAsync(TestDatabase database, long from, Func<AuditEntry, string> link, Action<AuditEntry>? change = null)
    {
        await using var db = database.NewContext();
        var entries = await db.Set<AuditEntry>().OrderBy(e => e.Sequence).ToListAsync();
        var previous = entries.LastOrDefault(e => e.Sequence < from)?.Hash ?? AuditLog.Genesis;
        foreach (var entry in entries.Where(e => e.Sequence >= from))
        {
            change?.Invoke(entry);
            entry.PreviousHash = previous;
            entry.Hash = link(entry);
            previous = entry.Hash;
        }
        await db.SaveChangesAsync();
    }

    private AuditHeads Heads(CallManagerDbContext db) =>
        new(db, _key, Options.Create(new AuditOptions { HeadFolder = _headFolder }), _clock, NullLogger<AuditHeads>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_headFolder)) Directory.Delete(_headFolder, recursive: true);
    }
}
