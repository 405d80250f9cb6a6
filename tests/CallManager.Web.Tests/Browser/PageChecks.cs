using CallManager.Web.Hosting;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser;

/// <summary>What every main page gets in a browser test: a screenshot under the test results, and an axe-core scan.</summary>
public static class PageChecks
{
    /// <summary>TestResults/CallManager.Web.Tests/screenshots at the repository root.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(
        ConfigurationSetup.FindRepositoryRoot() ?? Path.GetTempPath(), "TestResults", "CallManager.Web.Tests", "screenshots");

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> CspViolations = new();

    /// <summary>Keeps what the browser reports as refused by the Content-Security-Policy on <paramref name="page"/>.</summary>
    public static void RecordCspViolations(IPage page)
    {
        var violations = CspViolations.GetOrCreateValue(page);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) lock (violations) violations.Add(message.Text);
        };
    }

    /// <summary>Fails with the Content-Security-Policy violations the browser reported on <paramref name="page"/> so far.</summary>
    public static void AssertNoCspViolation(this IPage page, string name)
    {
        if (!CspViolations.TryGetValue(page, out var violations)) return;
        lock (violations) Assert.True(violations.Count == 0, $"CSP violations on '{name}' ({page.Url}):\n" + string.Join("\n", violations));
    }

    /// <summary>Saves a full-page screenshot named <paramref name="name"/>, asserts no CSP violation and that axe finds no serious or critical violation.</summary>
    public static async Task AuditAsync(this IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.Load); // after a click, the page the reader will see, not the one being left
        page.AssertNoCspViolation(name);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
        await page.AssertAccessibleAsync(name);
    }

    /// <summary>Fails when the page is wider than the window (the reader would have to scroll sideways), naming the widest elements.</summary>
    public static async Task AssertNoHorizontalOverflowAsync(this IPage page, string name)
    {
        // A page measured before its stylesheet applied is wider than any reader sees it (a check right after a form's post).
        await page.WaitForLoadStateAsync(LoadState.Load);
        var (scroll, inner) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        var culprits = scroll <= inner ? "" : await page.EvaluateAsync<string>(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-scroll, .diagram-scroll, .chart'))" +
            ".slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '')).join(', ')", inner);
        Assert.True(scroll <= inner, $"'{name}' ({page.Url}) is {scroll} px wide in a {inner} px window: {culprits}");
    }

    /// <summary>Runs axe-core (WCAG 2.0/2.1 A and AA rules) and fails with the serious and critical violations it lists.</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string name)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(blocking.Count == 0, $"axe on '{name}' ({page.Url}):\n" + string.Join("\n", blocking));
    }
}
