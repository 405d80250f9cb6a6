using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Audit;

/// <summary>
/// The append-only, hash-chained audit log; entries join the caller's unit of work and are saved with its change, linked
/// to the chain's end under the chain's lock (<see cref="CallManagerDbContext.SaveChangesAsync(bool, CancellationToken)"/>).
/// Links are keyed (HMAC-SHA256 with <see cref="AuditChainKey"/>); entries written before the chain was keyed keep their
/// plain SHA-256 links and still verify, but no keyed entry may be followed by an unkeyed one.
/// </summary>
public sealed class AuditLog(CallManagerDbContext db, TimeProvider clock, AuditChainKey key, AuditHeads? heads = null)
{
    /// <summary>Hash that the first entry chains to.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Adds an entry (not saved) recording that <paramref name="actor"/> did <paramref name="action"/> on an entity.</summary>
    public async Task<AuditEntry> AppendAsync(Actor actor, string entityType, object entityId, Guid? callId, string action,
        object? before, object? after, CancellationToken ct = default)
    {
        var pending = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .OrderByDescending(e => e.Sequence).FirstOrDefault();
        // A server database links entries at save time after the chain's end it reads then: reading it now would be a wasted round trip.
        var last = pending ?? (db.Provider != DatabaseProvider.Sqlite ? null
            : await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct));
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
            LinkScheme = AuditLinkScheme.HmacSha256,
            LinkKey = key,
        };
        entry.Hash = Link(entry, key);
        db.Add(entry);
        return entry;
    }

    /// <summary>
    /// A reference to put in an entry's before/after instead of a personal <paramref name="value"/> of <paramref name="subjectId"/>;
    /// the value is kept aside (saved with the caller's unit of work), so erasing it leaves the chain verifiable.
    /// </summary>
    public AuditPersonalReference Personal(string subjectId, string? value)
    {
        var row = new AuditPersonalValue { SubjectId = subjectId, Value = value };
        db.Add(row);
        return new AuditPersonalReference(row.Id);
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
            entry.Hash = entry.LinkScheme == AuditLinkScheme.Sha256 ? ComputeHash(entry) // an entry as written before the chain was keyed
                : Link(entry, entry.LinkKey ?? throw new InvalidOperationException("Audit entries are added through AuditLog.AppendAsync."));
            previous = entry;
        }
    }

    /// <summary>
    /// Writes the chain's signed head outside the database (<see cref="AuditHeads"/>), after a commit that must be anchored
    /// (a publication of decisions); a failure is logged and counted, never undoing the commit.
    /// </summary>
    public Task<AuditHead?> WriteHeadAsync(string reason, CancellationToken ct = default) =>
        heads is null ? Task.FromResult<AuditHead?>(null) : heads.WriteAsync(reason, ct);

    /// <summary>The entries of one call, oldest first.</summary>
    public Task<List<AuditEntry>> ForCallAsync(Guid callId, CancellationToken ct = default) =>
        db.Set<AuditEntry>().AsNoTracking().Where(e => e.CallId == callId).OrderBy(e => e.Sequence).ToListAsync(ct);

    /// <summary>
    /// Re-computes every link in order and compares the chain with the latest head written outside the database; returns
    /// the first entry it cannot vouch for, or an intact result.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        AuditHead? head;
        try { head = heads?.Latest(); }
        catch (InvalidOperationException e) { return new(false, 0, null, e.Message); }
        return await VerifyAsync(head, ct);
    }

    /// <summary>Re-computes every link in order; with a <paramref name="head"/>, also checks the chain still reaches it unchanged.</summary>
    public async Task<AuditVerification> VerifyAsync(AuditHead? head, CancellationToken ct = default)
    {
        // Entries committed but not yet linked (PostgreSQL, SQL Server: a crash between a commit and its linking) are linked first.
        if (db.Database.CurrentTransaction is null) await AuditChainWriter.LinkPendingAsync(db, key, ct);
        if (head is not null && !head.IsSignedBy(key))
            return new(false, 0, head.Sequence, $"the head written on {head.WrittenAt:u} is not signed with the configured chain key (key {key.Id}, head says {head.KeyId})", head);
        var previous = Genesis;
        long expected = 1, count = 0, firstKeyed = 0;
        await foreach (var entry in db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (Problem(entry, expected, previous, firstKeyed, head) is { } problem)
                return new(false, count - 1, entry.Sequence == expected ? entry.Sequence : expected, problem, head);
            if (entry.LinkScheme == AuditLinkScheme.HmacSha256 && firstKeyed == 0) firstKeyed = entry.Sequence;
            previous = entry.Hash;
            expected++;
        }
        if (head is not null && count < head.Sequence)
            return new(false, count, count + 1, $"the chain ends at entry {count}, but the head written on {head.WrittenAt:u} reaches entry {head.Sequence}", head);
        return new(true, count, null, null, head);
    }

    private string? Problem(AuditEntry entry, long expected, string previous, long firstKeyed, AuditHead? head)
    {
        if (entry.Sequence != expected) return $"entry {expected} is missing (next is {entry.Sequence})";
        if (entry.PreviousHash != previous) return $"entry {entry.Sequence} does not chain to entry {entry.Sequence - 1}";
        if (entry.LinkScheme == AuditLinkScheme.Sha256)
        {
            if (firstKeyed > 0)
                return $"entry {entry.Sequence} is not keyed although entry {firstKeyed} before it is: the chain was rebuilt without the key";
            if (head is not null && entry.Sequence > head.LegacyUntil)
                return $"entry {entry.Sequence} is not keyed, but the head written on {head.WrittenAt:u} says every entry after {head.LegacyUntil} is: the chain was rebuilt without the key";
            if (ComputeHash(entry) != entry.Hash) return $"entry {entry.Sequence} was altered after it was written";
        }
        else if (Link(entry, key) != entry.Hash)
        {
            return ComputeHash(entry) == entry.Hash
                ? $"entry {entry.Sequence} is linked with plain SHA-256, not the chain key: the chain was rebuilt without the key"
                : $"entry {entry.Sequence} was altered after it was written";
        }
        if (head is not null && entry.Sequence == head.Sequence && entry.Hash != head.Hash)
            return $"entry {entry.Sequence} differs from the head written outside the database on {head.WrittenAt:u}";
        return null;
    }

    /// <summary>HMAC-SHA256 with <paramref name="key"/> over the entry's fields and the previous hash, in a fixed order.</summary>
    public static string Link(AuditEntry e, AuditChainKey key) => key.Link(LinkText(e));

    /// <summary>SHA-256 over the entry's fields and the previous hash: the link of entries written before the chain was keyed.</summary>
    public static string ComputeHash(AuditEntry e) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(LinkText(e))));

    private static string LinkText(AuditEntry e) =>
        string.Join('\u001f', e.Sequence, e.At.UtcDateTime.ToString("O"), e.Actor, e.EntityType, e.EntityId,
            e.CallId?.ToString() ?? "", e.Action, e.Before ?? "", e.After ?? "", e.PreviousHash);
}

/// <summary>
/// Outcome of <see cref="AuditLog.VerifyAsync(CancellationToken)"/>: intact, or the first entry that cannot be vouched for and
/// why; <see cref="Head"/> is the head written outside the database the chain was compared with (null when none was).
/// </summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem, AuditHead? Head = null);
