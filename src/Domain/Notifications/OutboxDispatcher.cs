using CallManager.Domain.Persistence;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Notifications;

/// <summary>
/// Sends due outbox rows in batches. A pass claims up to <see cref="DispatcherOptions.BatchSize"/> due rows in one UPDATE (status
/// <see cref="OutboxStatus.Sending"/>, a lease, this pass's name): the database gives each row to one claimer only, so of several
/// dispatchers (threads or hosts) one sends it. The batch goes over one SMTP connection (MailKit pipelines the envelope when the
/// server offers PIPELINING) and the outcomes are saved together, the save retried a few times so that a mail the server accepted
/// is not sent again because one save failed. Only a crash between the server's acceptance and that save leaves rows claimed;
/// after <see cref="DispatcherOptions.Lease"/> they are sent again with the same Message-Id, which lets receiving servers drop the duplicate.
/// </summary>
public sealed class OutboxDispatcher(CallManagerDbContext db, MailTransports transports, TimeProvider clock,
    IOptions<MailOptions> options, OutboxDispatcherHeartbeat heartbeat, ILogger<OutboxDispatcher> logger)
{
    /// <summary>Saves of a batch's outcomes tried before the pass gives up (the rows then wait for their lease to expire).</summary>
    public const int OutcomeSaveAttempts = 5;

    private static readonly string ProcessName = $"{Environment.MachineName}:{Environment.ProcessId}";
    private DispatcherOptions Settings => options.Value.Dispatcher;

    /// <summary>Claims and sends the due rows (up to <see cref="DispatcherOptions.BatchSize"/>) and reports what happened.</summary>
    public async Task<DispatchResult> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var (rows, candidates) = await ClaimBatchAsync(cancellationToken);
        if (rows.Count == 0) return new DispatchResult(0, 0, candidates);
        var skipped = candidates - rows.Count;
        int sent = 0, failed = 0;
        var started = clock.GetTimestamp();
        var deliveredSinceFailure = false;
        try
        {
            await using var transport = transports.Open();
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                // Never send under a claim that may have expired: another host could be sending the same row.
                if (clock.GetElapsedTime(started) > Settings.Lease / 2)
                {
                    logger.LogWarning("Mail batch took longer than half the lease ({Lease}); {Count} mail(s) released for the next pass", Settings.Lease, rows.Count - i);
                    ReleaseFrom(rows, i);
                    break;
                }
                var error = await SendOneAsync(row, transport, cancellationToken);
                if (error is null) { sent++; deliveredSinceFailure = true; continue; }
                failed++;
                if (!IsServerUnreachable(error)) continue;
                heartbeat.RecordUnreachable($"{error.GetType().Name}: {error.Message}", clock.GetUtcNow());
                // A connection that broke after deliveries gets one more try (the transport reconnects); a server that cannot be
                // reached at all leaves the other mails their turn for a later pass instead of each waiting for a timeout.
                if (deliveredSinceFailure) { deliveredSinceFailure = false; continue; }
                ReleaseFrom(rows, i + 1);
                break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping: what was accepted is recorded, the rest is given back rather than left claimed for a whole lease.
            foreach (var row in rows.Where(r => r.Status == OutboxStatus.Sending)) row.Release();
            using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await SaveOutcomesAsync(rows, shutdown.Token);
            throw;
        }
        await SaveOutcomesAsync(rows, cancellationToken);
        return new DispatchResult(sent, failed, skipped);
    }

    /// <summary>The rows this pass claimed (tracked, oldest due first) and how many rows were due when it looked.</summary>
    private async Task<(List<OutboxMessage> Rows, int Candidates)> ClaimBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var outbox = db.Set<OutboxMessage>();
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            var claimName = $"{ProcessName}:{Guid.NewGuid().ToString("N")[..12]}";
            var count = await OutboxMessage.ClaimDueSkippingLockedAsync(db, claimName, now, Settings.Lease, Settings.BatchSize, cancellationToken);
            if (count == 0) return ([], 0);
            var claimedRows = await outbox.Where(m => m.ClaimedBy == claimName && m.Status == OutboxStatus.Sending)
                .OrderBy(m => m.NextAttemptAt).ToListAsync(cancellationToken);
            return (claimedRows, claimedRows.Count);
        }
        var due = await outbox.AsNoTracking().Where(OutboxMessage.DueAt(now))
            .OrderBy(m => m.NextAttemptAt).Take(Settings.BatchSize).Select(m => m.Id).ToListAsync(cancellationToken);
        if (due.Count == 0) return ([], 0);
        var claim = $"{ProcessName}:{Guid.NewGuid().ToString("N")[..12]}";
        var claimed = await OutboxMessage.ClaimDueAsync(outbox.Where(m => due.Contains(m.Id)), claim, now, Settings.Lease, cancellationToken);
        if (claimed == 0) return ([], due.Count);
        db.ChangeTracker.Clear();
        var rows = await outbox.Where(m => due.Contains(m.Id) && m.ClaimedBy == claim && m.Status == OutboxStatus.Sending)
            .OrderBy(m => m.NextAttemptAt).ToListAsync(cancellationToken);
        return (rows, due.Count);
    }

    /// <summary>Sends one claimed row and records the outcome on it (saved with the batch); the error, or null when delivered.</summary>
    private async Task<Exception?> SendOneAsync(OutboxMessage row, IMailTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            await transport.SendAsync(OutboxMimeMessage.Build(row, options.Value.From), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            RecordFailure(row, e);
            return e;
        }
        row.MarkSent(clock.GetUtcNow());
        heartbeat.RecordDelivered();
        logger.LogDebug("Mail {MessageId} ({Kind}) accepted at attempt {Attempt}", row.MessageId, row.Kind, row.Attempts);
        return null;
    }

    private void RecordFailure(OutboxMessage row, Exception error)
    {
        var giveUp = row.Attempts >= Settings.MaxAttempts || IsPermanent(error);
        DateTimeOffset? retryAt = giveUp ? null : clock.GetUtcNow() + Settings.RetryDelay(row.Attempts);
        row.RecordFailure($"{error.GetType().Name}: {error.Message}", retryAt);
        if (giveUp)
            logger.LogError("Mail {MessageId} ({Kind}) failed for good after {Attempts} attempt(s): {Error}", row.MessageId, row.Kind, row.Attempts, error.Message);
        else
            logger.LogWarning("Mail {MessageId} ({Kind}) attempt {Attempt} failed, retry at {RetryAt}: {Error}", row.MessageId, row.Kind, row.Attempts, retryAt, error.Message);
    }

    private static void ReleaseFrom(List<OutboxMessage> rows, int first)
    {
        for (var j = first; j < rows.Count; j++) rows[j].Release();
    }

    /// <summary>
    /// Saves the batch's outcomes in one transaction, retried up to <see cref="OutcomeSaveAttempts"/> times: the mails are already
    /// with the server, and a save given up would have them sent again when the lease expires. A row whose claim expired and was
    /// taken over by another dispatcher is left to it.
    /// </summary>
    private async Task SaveOutcomesAsync(List<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Mail batch of {Count} saved: {Sent} sent, {Pending} pending (retry or not attempted), {Failed} failed for good",
                    rows.Count, rows.Count(r => r.Status == OutboxStatus.Sent), rows.Count(r => r.Status == OutboxStatus.Pending),
                    rows.Count(r => r.Status == OutboxStatus.Failed));
                return;
            }
            catch (DbUpdateConcurrencyException e)
            {
                foreach (var entry in e.Entries)
                {
                    logger.LogWarning("Mail {MessageId}: the claim expired before the outcome was saved and another dispatcher took it over (raise Mail:Dispatcher:Lease)",
                        (entry.Entity as OutboxMessage)?.MessageId);
                    entry.State = EntityState.Detached;
                }
                if (attempt >= OutcomeSaveAttempts) throw;
            }
            catch (Exception e) when (attempt < OutcomeSaveAttempts && !cancellationToken.IsCancellationRequested)
            {
                heartbeat.RecordSaveRetry();
                var delay = TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1));
                logger.LogWarning(e, "Saving the outcomes of {Count} mail(s) failed (attempt {Attempt} of {Max}); retrying in {Delay} so that accepted mails are not sent again",
                    rows.Count, attempt, OutcomeSaveAttempts, delay);
                // Wall-clock pacing on purpose: the retry must happen whatever the domain clock does.
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private static bool IsServerUnreachable(Exception error) => error is System.Net.Sockets.SocketException or IOException or TimeoutException
        or MailKit.ServiceNotConnectedException or MailKit.ProtocolException or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException;

    /// <summary>A 5xx answer to the sender, a recipient or the message will not change on retry.</summary>
    private static bool IsPermanent(Exception error) =>
        error is SmtpCommandException { ErrorCode: not SmtpErrorCode.UnexpectedStatusCode } command && (int)command.StatusCode >= 500;
}

/// <summary>What one dispatcher pass did: delivered, failed attempts, and due rows skipped because another dispatcher claimed them.</summary>
public sealed record DispatchResult(int Sent, int Failed, int Skipped);
