using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Audit;

/// <summary>Reads the audit log for administrators: filtered, newest first, a page at a time.</summary>
public sealed class AuditQueries(CallManagerDbContext db)
{
    /// <summary>A filter on entries; null or empty fields do not filter; <see cref="Action"/> matches a prefix ("call." for every call action).</summary>
    public sealed record Filter(Guid? CallId = null, string? Action = null, string? Actor = null, string? EntityType = null,
        DateTimeOffset? From = null, DateTimeOffset? To = null, int Skip = 0, int Take = 50);

    /// <summary>One page of entries and the number of entries matching the filter.</summary>
    public sealed record Page(IReadOnlyList<AuditEntry> Entries, int Total);

    /// <summary>The entries matching <paramref name="filter"/>, newest first.</summary>
    public async Task<Page> SearchAsync(Filter filter, CancellationToken ct = default)
    {
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (filter.CallId is { } callId) query = query.Where(e => e.CallId == callId);
        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(e => e.Action.StartsWith(filter.Action.Trim()));
        if (!string.IsNullOrWhiteSpace(filter.Actor)) query = query.Where(e => e.Actor == filter.Actor.Trim());
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) query = query.Where(e => e.EntityType == filter.EntityType.Trim());
        if (filter.From is { } from) query = query.Where(e => e.At >= from);
        if (filter.To is { } to) query = query.Where(e => e.At < to);
        var total = await query.CountAsync(ct);
        var entries = await query.OrderByDescending(e => e.Sequence).Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, 500)).ToListAsync(ct);
        return new(entries, total);
    }

    /// <summary>The distinct entity types and actions present, for the filters' lists.</summary>
    public async Task<(List<string> EntityTypes, List<string> Actions)> VocabularyAsync(CancellationToken ct = default) =>
        ((await db.Set<AuditEntry>().AsNoTracking().Select(e => e.EntityType).Distinct().ToListAsync(ct)).Order(StringComparer.Ordinal).ToList(),
         (await db.Set<AuditEntry>().AsNoTracking().Select(e => e.Action).Distinct().ToListAsync(ct)).Order(StringComparer.Ordinal).ToList());
}
