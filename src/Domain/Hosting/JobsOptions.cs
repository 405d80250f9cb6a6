namespace CallManager.Domain.Hosting;

/// <summary>Configuration section <c>Jobs</c>: the Hangfire server inside each web host.</summary>
public sealed class JobsOptions
{
    /// <summary>How often Hangfire looks for due scheduled jobs (deadlines); Hangfire's own default of 15 s is too coarse.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Worker threads of the in-host Hangfire server.</summary>
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>False to run a host that serves pages only (jobs run on the other hosts).</summary>
    public bool RunServer { get; set; } = true;
}
