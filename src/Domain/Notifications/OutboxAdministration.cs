using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Notifications;

/// <summary>The administrators' view of the outbox: list by status, resend a failed mail.</summary>
public sealed class OutboxAdministration(CallManagerDbContext db, TimeProvider clock)
{
    /// <summary>The most recent mails (newest first), optionally only those in <paramref name="status"/>.</summary>
    public async Task<IReadOnlyList<OutboxMessageSummary>> ListAsync(OutboxStatus? status, int take = 200, CancellationToken cancellationToken = default)
    {
        var query = db.Set<OutboxMessage>().AsNoTracking();
        if (status is { } s) query = query.Where(m => m.Status == s);
        var rows = await query.OrderByDescending(m => m.CreatedAt).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
        return rows.Select(OutboxMessageSummary.From).ToList();
    }

    /// <summary>Puts a failed mail back in the queue, due now, with the same Message-Id; refused unless it failed.</summary>
    public async Task<OutboxMessageSummary> ResendAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await db.Set<OutboxMessage>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw DomainException.NotFound($"Mail {id}");
        row.Resend(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return OutboxMessageSummary.From(row);
    }
}

/// <summary>An outbox row as administrators see it (no bodies).</summary>
public sealed record OutboxMessageSummary(Guid Id, string MessageId, string Kind, string Language, string Recipients, string Subject,
    OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt,
    string? LastError, string? CorrelationId)
{
    public static OutboxMessageSummary From(OutboxMessage m) => new(m.Id, m.MessageId, m.Kind, m.Language, m.Recipients, m.Subject,
        m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError, m.CorrelationId);
}
