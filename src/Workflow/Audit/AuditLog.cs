using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallManager.Workflow.Common;
using CallManager.Workflow.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Audit;

/// <summary>
/// The append-only, hash-chained audit log; entries join the caller's unit of work and are saved with its change, linked
/// to the chain's end under the chain's lock (<see cref="CallManagerDbContext.SaveChangesAsync(bool, CancellationToken)"/>).
/// </summary>
public sealed class AuditLog(CallManagerDbContext db, TimeProvider clock)
{
    /// <summary>Hash that the first entry chains to.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Adds an entry (not saved) recording that <paramref name="actor"/> did <paramref name="action"/> on an entity.</summary>
    public async Task<AuditEntry> AppendAsync(Actor actor, string entityType, object entityId, Guid? callId, string action,
        object? before, object? after, CancellationToken ct = default)
    {
        var pending = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .OrderByDescending(e => e.Sequence).FirstOrDefault();
        var last = pending ?? await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        var entry = new AuditEntry
        {
            Sequence = (last?.Sequence ?? 0) + 1,
            At = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero),
            Actor = actor.UserId,
            EntityType = entityType,
            EntityId = entityId.ToString() ?? "",
            CallId = callId,
            Action = action,
            Before = before is null ? null : JsonSerializer.Serialize(before, JsonColumn.Options),
            After = after is null ? null : JsonSerializer.Serialize(after, JsonColumn.Options),
            PreviousHash = last?.Hash ?? Genesis,
        };
        entry.Hash = ComputeHash(entry);
        db.Add(entry);
        return entry;
    }

    /// <summary>
    /// Re-links not-yet-saved <paramref name="pending"/> entries (oldest first) after <paramref name="last"/>, the newest
    /// entry in the database: used at save time, under the chain's lock, when another unit of work appended after these
    /// entries were drafted.
    /// </summary>
    public static void Rechain(IReadOnlyList<AuditEntry> pending, AuditEntry? last)
    {
        var previous = last;
        foreach (var entry in pending)
        {
            entry.Sequence = (previous?.Sequence ?? 0) + 1;
            entry.PreviousHash = previous?.Hash ?? Genesis;
            entry.Hash = ComputeHash(entry);
            previous = entry;
        }
    }

    /// <summary>The entries of one call, oldest first.</summary>
    public Task<List<AuditEntry>> ForCallAsync(Guid callId, CancellationToken ct = default) =>
        db.Set<AuditEntry>().AsNoTracking().Where(e => e.CallId == callId).OrderBy(e => e.Sequence).ToListAsync(ct);

    /// <summary>Re-computes every hash in order; returns the first broken entry, or an intact result.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var previous = Genesis;
        long expected = 1, count = 0;
        await foreach (var entry in db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (entry.Sequence != expected) return new(false, count - 1, expected, $"entry {expected} is missing (next is {entry.Sequence})");
            if (entry.PreviousHash != previous) return new(false, count - 1, entry.Sequence, $"entry {entry.Sequence} does not chain to entry {entry.Sequence - 1}");
            if (ComputeHash(entry) != entry.Hash) return new(false, count - 1, entry.Sequence, $"entry {entry.Sequence} was altered after it was written");
            previous = entry.Hash;
            expected++;
        }
        return new(true, count, null, null);
    }

    /// <summary>SHA-256 over the entry's fields and the previous hash, in a fixed order.</summary>
    public static string ComputeHash(AuditEntry e)
    {
        var text = string.Join('\u001f', e.Sequence, e.At.UtcDateTime.ToString("O"), e.Actor, e.EntityType, e.EntityId,
            e.CallId?.ToString() ?? "", e.Action, e.Before ?? "", e.After ?? "", e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>Outcome of <see cref="AuditLog.VerifyAsync"/>: intact, or the first broken entry and why.</summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem);
