namespace CallManager.Web.Tests.Browser;

/// <summary>
/// Browser tests: one Chromium for the whole collection, run one at a time (the hosted app keeps Hangfire's
/// process-wide state, like <see cref="Infrastructure.WebCollection"/>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
