using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Workflow.Notifications;

/// <summary>Runs <see cref="OutboxDispatcher.DispatchDueAsync"/> every <c>Mail:Dispatcher:PollInterval</c> in each web host (unless disabled).</summary>
public sealed class OutboxDispatcherService(IServiceScopeFactory scopes, OutboxDispatcherHeartbeat heartbeat,
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
        logger.LogInformation("Mail dispatcher sends to {Destination} every {Interval}", transports.Describe(), settings.PollInterval);
        // The polling cadence is wall-clock time on purpose; which mails are due is decided by the injected TimeProvider.
        using var timer = new PeriodicTimer(settings.PollInterval);
        try
        {
            do await RunPassAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunPassAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(stoppingToken);
            heartbeat.Record(null);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Mail dispatcher pass failed");
            heartbeat.Record(e.Message);
        }
    }
}

/// <summary>When this host's dispatcher last finished a pass, and how; read by the "mail" health check.</summary>
public sealed class OutboxDispatcherHeartbeat
{
    private long _lastPass;
    private string? _lastError;

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
}
