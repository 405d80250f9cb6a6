using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser;

/// <summary>The distribution's Chromium (<c>/usr/bin/chromium</c>, headless, never downloaded), launched once per collection.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where the browser is; <c>CALLMANAGER_CHROMIUM</c> overrides it.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CALLMANAGER_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;

    /// <summary>The shared browser; each test opens its own context.</summary>
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium is missing at {ExecutablePath}: run scripts/test.sh (it installs the distribution's chromium) or apt-get install chromium.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>
    /// A fresh context (cookies, storage) on <paramref name="app"/>, in a desktop-sized window unless <paramref name="width"/> says
    /// otherwise (390 for a phone); <paramref name="javaScript"/> false checks a page works without it.
    /// </summary>
    public async Task<IPage> OpenAsync(BrowserApp app, bool javaScript = true, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl, ViewportSize = new() { Width = width, Height = width < 600 ? 844 : 900 }, Locale = "fr-FR", JavaScriptEnabled = javaScript,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
