using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Privacy;

/// <summary>Records an account's sign-in: the event an inactive account's retention is counted from.</summary>
public sealed class AccountActivityRecorder(CallManagerDbContext db, TimeProvider clock)
{
    public async Task SignedInAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var row = await db.Set<AccountActivity>().FirstOrDefaultAsync(a => a.UserId == userId, ct);
        if (row is null) db.Add(new AccountActivity { UserId = userId, LastSignInAt = now });
        else row.LastSignInAt = now;
        await db.SaveChangesAsync(ct);
    }
}
