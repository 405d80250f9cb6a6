using System.Linq.Expressions;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Notifications;

/// <summary>
/// One mail in the transactional outbox: saved with the change that causes it, then claimed, sent and marked by a
/// dispatcher. Every state change is a method here; the concurrency token makes a claim safe across hosts.
/// </summary>
public class OutboxMessage : IVersioned
{
    private OutboxMessage() { }

    /// <summary>The row's id, also the local part of <see cref="MessageId"/>.</summary>
    public Guid Id { get; private set; }

    /// <summary>The RFC 5322 Message-Id (without angle brackets), fixed when the row is created and reused by every attempt.</summary>
    public string MessageId { get; private set; } = "";

    /// <summary>The template name (e.g. "submission-receipt"), or "custom" for a pre-rendered mail.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>The language the mail was rendered in ("fr" or "en").</summary>
    public string Language { get; private set; } = "";

    /// <summary>The recipients as an RFC 5322 address list (<c>"Name" &lt;a@b&gt;, c@d</c>).</summary>
    public string Recipients { get; private set; } = "";

    public string Subject { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public string? HtmlBody { get; private set; }

    /// <summary>Ties the mail to what caused it (e.g. a dossier reference), for the administrators' list.</summary>
    public string? CorrelationId { get; private set; }

    public OutboxStatus Status { get; private set; }

    /// <summary>How many sending attempts were started (a claim counts as one).</summary>
    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When a dispatcher may next pick the message up.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>While <see cref="OutboxStatus.Sending"/>: until when the claim holds; a crashed host's claim expires.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    /// <summary>Which dispatcher holds (or last held) the claim: host name and process.</summary>
    public string? ClaimedBy { get; private set; }

    public string? LastError { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public long Version { get; set; }

    /// <summary>A new pending message, due now; <paramref name="messageIdDomain"/> is the right part of its Message-Id.</summary>
    public static OutboxMessage Create(string kind, string language, string recipients, string subject, string textBody,
        string? htmlBody, string? correlationId, DateTimeOffset now, string messageIdDomain)
    {
        var id = Guid.NewGuid();
        return new OutboxMessage
        {
            Id = id, MessageId = $"{id:N}@{messageIdDomain}", Kind = kind, Language = language, Recipients = recipients,
            Subject = subject, TextBody = textBody, HtmlBody = htmlBody, CorrelationId = correlationId,
            Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        };
    }

    /// <summary>True when a dispatcher may claim the message at <paramref name="now"/>: pending and due, or an expired claim.</summary>
    public bool IsDue(DateTimeOffset now) =>
        (Status == OutboxStatus.Pending && NextAttemptAt <= now) ||
        (Status == OutboxStatus.Sending && LeaseExpiresAt <= now);

    /// <summary>The database form of <see cref="IsDue"/>, for the dispatcher's queries.</summary>
    public static Expression<Func<OutboxMessage, bool>> DueAt(DateTimeOffset now) => m =>
        (m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now) ||
        (m.Status == OutboxStatus.Sending && m.LeaseExpiresAt <= now);

    /// <summary>
    /// Claims, in one UPDATE (one commit), those of <paramref name="candidates"/> still due at <paramref name="now"/> for one attempt
    /// each, as <see cref="Claim"/> does for one row: the database re-checks the due condition on each row as it writes it, so of
    /// several dispatchers claiming the same rows only one gets each row. Returns how many rows were claimed; the claimed rows
    /// are those with <see cref="ClaimedBy"/> = <paramref name="dispatcher"/> (a name unique to this claim).
    /// </summary>
    public static Task<int> ClaimDueAsync(IQueryable<OutboxMessage> candidates, string dispatcher, DateTimeOffset now, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        var until = now + lease;
        return candidates.Where(DueAt(now)).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Sending)
            .SetProperty(m => m.ClaimedBy, dispatcher)
            .SetProperty(m => m.LeaseExpiresAt, until)
            .SetProperty(m => m.Attempts, m => m.Attempts + 1)
            .SetProperty(m => m.Version, m => m.Version + 1), cancellationToken);
    }

    /// <summary>
    /// PostgreSQL and SQL Server: claims up to <paramref name="batchSize"/> due rows (oldest due first) in one statement that
    /// skips rows another host is claiming at that moment (<c>FOR UPDATE SKIP LOCKED</c>; <c>UPDLOCK, READPAST</c>), so several
    /// hosts passing at once each take a batch of their own instead of all but one finding theirs taken. Returns how many rows
    /// were claimed, as <see cref="ClaimDueAsync"/> does.
    /// </summary>
    public static Task<int> ClaimDueSkippingLockedAsync(CallManagerDbContext db, string dispatcher, DateTimeOffset now, TimeSpan lease, int batchSize,
        CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(ClaimDueSkippingLockedSql(db.Provider, dispatcher, now, now + lease, batchSize), cancellationToken);

    /// <summary>The claim statement of <see cref="ClaimDueSkippingLockedAsync"/> on PostgreSQL or SQL Server (its values as parameters; checked by a test on SQL Server).</summary>
    public static FormattableString ClaimDueSkippingLockedSql(DatabaseProvider provider, string dispatcher, DateTimeOffset now, DateTimeOffset until, int batchSize)
    {
        string pending = nameof(OutboxStatus.Pending), sending = nameof(OutboxStatus.Sending);
        if (provider == DatabaseProvider.PostgreSql)
            return $"""
                UPDATE "OutboxMessages" SET "Status" = {sending}, "ClaimedBy" = {dispatcher}, "LeaseExpiresAt" = {until}, "Attempts" = "Attempts" + 1, "Version" = "Version" + 1
                WHERE "Id" IN (SELECT "Id" FROM "OutboxMessages"
                  WHERE ("Status" = {pending} AND "NextAttemptAt" <= {now}) OR ("Status" = {sending} AND "LeaseExpiresAt" <= {now})
                  ORDER BY "NextAttemptAt" LIMIT {batchSize} FOR UPDATE SKIP LOCKED)
                """;
        return $"""
                WITH due AS (SELECT TOP ({batchSize}) * FROM [OutboxMessages] WITH (UPDLOCK, READPAST, ROWLOCK)
                  WHERE ([Status] = {pending} AND [NextAttemptAt] <= {now}) OR ([Status] = {sending} AND [LeaseExpiresAt] <= {now})
                  ORDER BY [NextAttemptAt])
                UPDATE due SET [Status] = {sending}, [ClaimedBy] = {dispatcher}, [LeaseExpiresAt] = {until}, [Attempts] = [Attempts] + 1, [Version] = [Version] + 1
                """;
    }

    /// <summary>Claims the message for one attempt; saved with the concurrency token, so only one dispatcher wins.</summary>
    public void Claim(string dispatcher, DateTimeOffset now, TimeSpan lease)
    {
        if (!IsDue(now)) throw DomainException.Conflict($"Mail {MessageId} is {Status} and not due; it cannot be claimed.");
        Status = OutboxStatus.Sending;
        ClaimedBy = dispatcher;
        LeaseExpiresAt = now + lease;
        Attempts++;
    }

    /// <summary>Replaces each of <paramref name="values"/> in the recipients, subject and bodies (an erased person's address and name).</summary>
    public void Anonymise(IEnumerable<string> values, string replacement)
    {
        foreach (var value in values.Where(v => v.Length > 0))
        {
            Recipients = Recipients.Replace(value, replacement, StringComparison.OrdinalIgnoreCase);
            Subject = Subject.Replace(value, replacement, StringComparison.OrdinalIgnoreCase);
            TextBody = TextBody.Replace(value, replacement, StringComparison.OrdinalIgnoreCase);
            HtmlBody = HtmlBody?.Replace(value, replacement, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Records a successful delivery; final.</summary>
    public void MarkSent(DateTimeOffset now)
    {
        Status = OutboxStatus.Sent;
        SentAt = now;
        LeaseExpiresAt = null;
        LastError = null;
    }

    /// <summary>Records a failed attempt: pending again at <paramref name="retryAt"/>, or failed when <paramref name="retryAt"/> is null.</summary>
    public void RecordFailure(string error, DateTimeOffset? retryAt)
    {
        LastError = error.Length > 2000 ? error[..2000] : error;
        LeaseExpiresAt = null;
        if (retryAt is { } at) { Status = OutboxStatus.Pending; NextAttemptAt = at; }
        else Status = OutboxStatus.Failed;
    }

    /// <summary>Gives back a claim that was never attempted (the pass stopped before this message): pending again, as it was.</summary>
    public void Release()
    {
        if (Status != OutboxStatus.Sending)
            throw DomainException.Conflict($"Mail {MessageId} is {Status}; only a claimed mail can be released.");
        Status = OutboxStatus.Pending;
        LeaseExpiresAt = null;
        Attempts = Math.Max(0, Attempts - 1);
    }

    /// <summary>An administrator's resend of a failed message: pending now, with a fresh attempt budget and the same Message-Id.</summary>
    public void Resend(DateTimeOffset now)
    {
        if (Status != OutboxStatus.Failed)
            throw DomainException.Conflict($"Only a failed mail can be resent; mail {MessageId} is {Status}.");
        Status = OutboxStatus.Pending;
        Attempts = 0;
        NextAttemptAt = now;
    }
}
