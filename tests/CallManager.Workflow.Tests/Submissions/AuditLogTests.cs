using CallManager.Testing;
using CallManager.Workflow.Audit;
using CallManager.Workflow.Common;
using CallManager.Workflow.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Tests.Submissions;

public class AuditLogTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_chain_verifies_until_an_entry_is_altered_or_removed(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = TestClock.Create();
        await using (var db = database.NewContext())
        {
            var audit = new AuditLog(db, clock);
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
            Assert.Equal(new AuditVerification(false, 2, 3, "entry 3 was altered after it was written"), await new AuditLog(db, clock).VerifyAsync());
            db.Remove(third);
            await db.SaveChangesAsync();
            Assert.Equal(new AuditVerification(false, 2, 3, "entry 3 is missing (next is 4)"), await new AuditLog(db, clock).VerifyAsync());
        }
    }
}
