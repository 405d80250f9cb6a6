using System.Diagnostics.Metrics;
using System.Text.Json;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Audit;

/// <summary>
/// Writes the chain's signed head to a folder outside the database (<see cref="AuditOptions.HeadFolder"/>), at each
/// publication of decisions and daily, and reads the latest one back for <see cref="AuditLog.VerifyAsync"/>.
/// </summary>
public sealed class AuditHeads(CallManagerDbContext db, AuditChainKey key, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditHeads> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private string Folder => Path.GetFullPath(options.Value.HeadFolder);

    // Counted as a metric: a failed write never undoes the change that asked for it.
    private static readonly Meter Meter = new("CallManager.Audit");
    private static readonly Counter<long> FailedWrites = Meter.CreateCounter<long>("callmanager.audit.head_write_failures");
    private static readonly Counter<long> FailedReads = Meter.CreateCounter<long>("callmanager.audit.head_read_failures");

    /// <summary>Writes the current head (nothing for an empty chain); a failure is logged and counted, not thrown.</summary>
    public async Task<AuditHead?> WriteAsync(string reason, CancellationToken ct = default)
    {
        try
        {
            var last = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
            if (last is null) return null;
            var legacyUntil = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.LinkScheme == AuditLinkScheme.Sha256)
                .MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
            var unsigned = new AuditHead(last.Sequence, last.Hash, legacyUntil, clock.GetUtcNow(), reason, key.Id, "");
            var head = unsigned with { Signature = key.SignHead(unsigned.SignedText()) };
            Directory.CreateDirectory(Folder);
            var path = Path.Combine(Folder, $"audit-head-{head.Sequence:D12}.json");
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(head, Json), ct);
            File.Move(temporary, path, overwrite: true);
            logger.LogInformation("Audit chain head written ({Reason}): entry {Sequence}, {Path}", reason, head.Sequence, path);
            return head;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            FailedWrites.Add(1);
            logger.LogWarning(e, "Could not write the audit chain head ({Reason}) to {Folder}", reason, Folder);
            return null;
        }
    }

    /// <summary>
    /// The chain's end as a document prints it (entry and hash): the latest signed head written outside the database, or
    /// the database's last entry when none can be read (logged and counted).
    /// </summary>
    public async Task<(long Sequence, string Hash)?> ForDocumentAsync(CancellationToken ct = default)
    {
        try
        {
            if (Latest() is { } head) return (head.Sequence, head.Hash);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            FailedReads.Add(1);
            logger.LogWarning(e, "Could not read the audit chain's latest head in {Folder}; the document prints the database's last entry", Folder);
        }
        var last = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        return last is null ? null : (last.Sequence, last.Hash);
    }

    /// <summary>The head reaching furthest into the chain, or null when none was written (or the folder cannot be read).</summary>
    public AuditHead? Latest()
    {
        if (!Directory.Exists(Folder)) return null;
        var file = Directory.EnumerateFiles(Folder, "audit-head-*.json").Order(StringComparer.Ordinal).LastOrDefault();
        if (file is null) return null;
        try
        {
            return JsonSerializer.Deserialize<AuditHead>(File.ReadAllText(file), Json)
                ?? throw new InvalidOperationException($"The audit head {file} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The audit head {file} is not readable: {e.Message}");
        }
    }
}
