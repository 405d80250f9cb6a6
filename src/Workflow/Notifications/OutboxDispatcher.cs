using CallManager.Workflow.Persistence;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Workflow.Notifications;

/// <summary>
/// Sends due outbox rows. Each row is first claimed by saving it as <see cref="OutboxStatus.Sending"/> with the concurrency
/// token: of several dispatchers (threads or hosts) only one claim succeeds, so a row is handed to the transport once.
/// A host that dies mid-send leaves a claim that expires after <see cref="DispatcherOptions.Lease"/>; the row is then
/// retried with the same Message-Id, which lets receiving servers drop the duplicate.
/// </summary>
public sealed class OutboxDispatcher(CallManagerDbContext db, MailTransports transports, TimeProvider clock,
    IOptions<MailOptions> options, ILogger<OutboxDispatcher> logger)
{
    private static readonly string ProcessName = $"{Environment.MachineName}:{Environment.ProcessId}";
    private readonly string _name = $"{ProcessName}:{Guid.NewGuid().ToString("N")[..8]}";
    private DispatcherOptions Settings => options.Value.Dispatcher;

    /// <summary>Claims and sends every due row (up to <see cref="DispatcherOptions.BatchSize"/>) and reports what happened.</summary>
    public async Task<DispatchResult> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var due = await DueIdsAsync(cancellationToken);
        if (due.Count == 0) return new DispatchResult(0, 0, 0);
        int sent = 0, failed = 0, skipped = 0;
        await using var transport = transports.Open();
        foreach (var id in due)
        {
            var row = await ClaimAsync(id, cancellationToken);
            if (row is null) { skipped++; continue; }
            if (await SendAsync(row, transport, cancellationToken)) sent++; else failed++;
        }
        return new DispatchResult(sent, failed, skipped);
    }

    private async Task<List<Guid>> DueIdsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => (m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                     || (m.Status == OutboxStatus.Sending && m.LeaseExpiresAt <= now))
            .OrderBy(m => m.NextAttemptAt)
            .Take(Settings.BatchSize)
            .Select(m => m.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The row, claimed by this dispatcher; null when it is no longer due or another dispatcher claimed it first.</summary>
    private async Task<OutboxMessage?> ClaimAsync(Guid id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var row = await db.Set<OutboxMessage>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        var now = clock.GetUtcNow();
        if (row is null || !row.IsDue(now)) return null;
        row.Claim(_name, now, Settings.Lease);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return row;
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
    }

    /// <summary>Sends a claimed row and records the outcome; true when delivered.</summary>
    private async Task<bool> SendAsync(OutboxMessage row, IMailTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            await transport.SendAsync(OutboxMimeMessage.Build(row, options.Value.From), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await RecordFailureAsync(row, e, cancellationToken);
            return false;
        }
        row.MarkSent(clock.GetUtcNow());
        await SaveOutcomeAsync(row, cancellationToken);
        logger.LogInformation("Mail {MessageId} ({Kind}) sent at attempt {Attempt}", row.MessageId, row.Kind, row.Attempts);
        return true;
    }

    private async Task RecordFailureAsync(OutboxMessage row, Exception error, CancellationToken cancellationToken)
    {
        var giveUp = row.Attempts >= Settings.MaxAttempts || IsPermanent(error);
        DateTimeOffset? retryAt = giveUp ? null : clock.GetUtcNow() + Settings.RetryDelay(row.Attempts);
        row.RecordFailure($"{error.GetType().Name}: {error.Message}", retryAt);
        await SaveOutcomeAsync(row, cancellationToken);
        if (giveUp)
            logger.LogError("Mail {MessageId} ({Kind}) failed for good after {Attempts} attempt(s): {Error}", row.MessageId, row.Kind, row.Attempts, error.Message);
        else
            logger.LogWarning("Mail {MessageId} ({Kind}) attempt {Attempt} failed, retry at {RetryAt}: {Error}", row.MessageId, row.Kind, row.Attempts, retryAt, error.Message);
    }

    private async Task SaveOutcomeAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Our claim expired and another dispatcher took the row over; its outcome wins.
            logger.LogWarning("Mail {MessageId}: the claim expired before the outcome was saved (raise Mail:Dispatcher:Lease)", row.MessageId);
        }
    }

    /// <summary>A 5xx answer to the sender, a recipient or the message will not change on retry.</summary>
    private static bool IsPermanent(Exception error) =>
        error is SmtpCommandException { ErrorCode: not SmtpErrorCode.UnexpectedStatusCode } command && (int)command.StatusCode >= 500;
}

/// <summary>What one dispatcher pass did: delivered, failed attempts, and rows skipped because another dispatcher had them.</summary>
public sealed record DispatchResult(int Sent, int Failed, int Skipped);
