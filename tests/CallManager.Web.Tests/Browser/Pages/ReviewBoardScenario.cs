using CallManager.Web.Tests.Selection;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>
/// Three admissible dossiers and two reviewers, seen after the review deadline: PTCE-2027-0001 reviewed by both (all 4s = 80/100,
/// and all 1s but 5 on territorial anchoring = 36/100), reviewer0's draft of PTCE-2027-0002 (late), reviewer1's draft of
/// PTCE-2027-0003 set aside by a conflict.
/// </summary>
public static class ReviewBoardScenario
{
    /// <summary>An instant after the review deadline (30 April 2027 18:00 in Paris).</summary>
    public static readonly DateTimeOffset AfterReviewDeadline = new(2027, 5, 1, 8, 0, 0, TimeSpan.Zero);

    public static async Task<SelectionDriver> PrepareAsync(BrowserApp app)
    {
        var driver = new SelectionDriver(app);
        await driver.PrepareAsync(3);
        await driver.AddJuryAsync(2);
        await driver.ReviewAsync(0, 0, 4, comment: "Très solide.");
        await driver.ReviewAsync(1, 0, 1, new() { ["territorial-anchoring"] = 5 });
        await DraftAsync(app, driver, reviewer: 0, dossier: 1);
        await DraftAsync(app, driver, reviewer: 1, dossier: 2);
        await driver.ConflictAsync(reviewer: 1, dossier: 2);
        app.Clock.SetUtcNow(AfterReviewDeadline);
        return driver;
    }

    /// <summary>An instant two days before the review deadline: 28 April 2027 12:00 in Paris.</summary>
    public static readonly DateTimeOffset BeforeReviewDeadline = new(2027, 4, 28, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Two admissible dossiers and two reviewers, seen two days before the review deadline: reviewer0 has submitted their review
    /// of PTCE-2027-0001, reviewer1 has drafts of both dossiers.
    /// </summary>
    public static async Task<SelectionDriver> PrepareLateReviewerAsync(BrowserApp app)
    {
        var driver = new SelectionDriver(app);
        await driver.PrepareAsync(2);
        await driver.AddJuryAsync(2);
        await driver.ReviewAsync(0, 0, 4);
        await DraftAsync(app, driver, reviewer: 1, dossier: 0);
        await DraftAsync(app, driver, reviewer: 1, dossier: 1);
        app.Clock.SetUtcNow(BeforeReviewDeadline);
        return driver;
    }

    private static async Task DraftAsync(BrowserApp app, SelectionDriver driver, int reviewer, int dossier)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        db.Add(new Review { CallId = driver.CallId, ApplicationId = driver.Dossiers[dossier], ReviewerId = driver.Reviewers[reviewer], AssignedBy = "admin",
            AssignedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }
}
