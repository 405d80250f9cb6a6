namespace CallManager.Web.Tests.Infrastructure;

/// <summary>
/// Hangfire keeps process-wide state (job activator, log provider): tests that host the web app run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WebCollection
{
    public const string Name = "web host";
}
