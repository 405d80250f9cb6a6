using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Notifications;

/// <summary>
/// Runs <see cref="OutboxDispatcher.DispatchDueAsync"/> in each web host (unless disabled): at once when mail was committed in
/// this host (<see cref="OutboxSignal"/>), again at once while passes find full batches, and every
/// <c>Mail:Dispatcher:PollInterval</c> otherwise (mail enqueued by other hosts, retries that fall due).
/// </summary>
public sealed class OutboxDispatcherService(IServiceScopeFactory scopes, OutboxDispatcherHeartbeat heartbeat, OutboxSignal signal,
    IOptions<MailOptions> options, MailTransports transports, ILogger<OutboxDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Dispatcher;
        if (!settings.Enabled)
        {
            logger.LogInformation("Mail dispatcher disabled in this host (Mail:Dispatcher:Enabled=false)");
            return;
        }
        logger.LogInformation("Mail dispatcher sends to {Destination}, woken by new mail, polling every {Interval}", transports.Describe(), settings.PollInterval);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var result = await RunPassAsync(stoppingToken);
                // A full batch that delivered something: more is probably due, go on without waiting (an unreachable server delivers nothing, so it waits).
                if (result is { Sent: > 0 } r && r.Sent + r.Failed + r.Skipped >= settings.BatchSize) continue;
                // The waiting is wall-clock time on purpose; which mails are due is decided by the injected TimeProvider.
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<DispatchResult?> RunPassAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(stoppingToken);
            heartbeat.Record(null);
            return result;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Mail dispatcher pass failed");
            heartbeat.Record(e.Message);
            return null;
        }
    }
}

/// <summary>
/// What this host's dispatcher last did, read by the "mail" health check: when it last finished a pass and how, whether the
/// mail server has been failing and since when, and how many outcome saves had to be retried.
/// </summary>
public sealed class OutboxDispatcherHeartbeat
{
    private readonly Lock _lock = new();
    private long _lastPass;
    private string? _lastError;
    private DateTimeOffset? _unreachableSince;
    private string? _transportError;
    private long _saveRetries;

    /// <summary>Records a finished pass (<paramref name="error"/> null when it succeeded).</summary>
    public void Record(string? error)
    {
        Volatile.Write(ref _lastError, error);
        Interlocked.Exchange(ref _lastPass, Stopwatch.GetTimestamp());
    }

    /// <summary>Time since the last pass (monotonic, not the domain clock), or null before the first one.</summary>
    public TimeSpan? SinceLastPass => Interlocked.Read(ref _lastPass) is var last and > 0 ? Stopwatch.GetElapsedTime(last) : null;

    /// <summary>The error of the last pass, or null when it succeeded.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Records that the mail server could not be reached at <paramref name="at"/> (the first failure of a run starts the outage).</summary>
    public void RecordUnreachable(string error, DateTimeOffset at)
    {
        lock (_lock)
        {
            _unreachableSince ??= at;
            _transportError = error;
        }
    }

    /// <summary>Records a delivery: the mail server is reachable, any outage is over.</summary>
    public void RecordDelivered()
    {
        lock (_lock)
        {
            _unreachableSince = null;
            _transportError = null;
        }
    }

    /// <summary>Since when every attempt to reach the mail server has failed, and the last error; null while it is reachable.</summary>
    public (DateTimeOffset Since, string Error)? Unreachable
    {
        get
        {
            lock (_lock) return _unreachableSince is { } since ? (since, _transportError ?? "") : null;
        }
    }

    /// <summary>Counts an outcome save that failed and was retried.</summary>
    public void RecordSaveRetry() => Interlocked.Increment(ref _saveRetries);

    /// <summary>Outcome saves retried since start-up.</summary>
    public long SaveRetries => Interlocked.Read(ref _saveRetries);
}
