using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;

namespace CallManager.Web.Tests.Browser.Pages;

/// <summary>The main pages of each role on a 390 px phone and a 1366 px laptop: nothing wider than the window, the signed-in header on one row on the laptop.</summary>
[Collection(BrowserCollection.Name)]
public class ResponsiveLayoutTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(390)]
    [InlineData(1366)]
    public async Task No_main_page_of_any_role_scrolls_sideways(int width)
    {
        await using var app = await BrowserApp.StartAsync();
        var call = await app.PublishedCallAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        await app.CreateUserAsync("rita@jury.example", Roles.Reviewer);
        var failures = new List<string>();
        async Task VisitAsync(Microsoft.Playwright.IPage page, params string[] paths)
        {
            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                try { await page.AssertNoHorizontalOverflowAsync(path); }
                catch (Xunit.Sdk.TrueException overflow)
                {
                    failures.Add(overflow.Message);
                    await page.ScreenshotAsync(new() { Path = Path.Combine(PageChecks.ScreenshotFolder, $"overflow-{width}-{failures.Count}.png"), FullPage = true });
                }
            }
        }

        var anonymous = await browser.OpenAsync(app, width: width);
        await VisitAsync(anonymous, "/", $"/calls/{call.Id}", "/Account/Login", "/Account/Register", "/accessibility");
        var applicant = await browser.OpenAsync(app, width: width);
        await AdminSession.SignInAsync(applicant, "lea@asso.example");
        await VisitAsync(applicant, "/", $"/calls/{call.Id}", "/Applicant", "/Applicant/Organisation", "/Applicant/Grants");
        if (width > 1000)
        {
            var (header, brand) = (await applicant.Locator(".site-header__row").BoundingBoxAsync(), await applicant.Locator(".brand").BoundingBoxAsync());
            Assert.True(header!.Height < brand!.Height + 40, $"The signed-in header wraps: {header.Height} px high for a {brand.Height} px brand.");
        }
        var reviewer = await browser.OpenAsync(app, width: width);
        await AdminSession.SignInAsync(reviewer, "rita@jury.example");
        await VisitAsync(reviewer, "/Jury");
        var admin = await browser.OpenAsync(app, width: width);
        await AdminSession.SignInAsync(admin, "admin@funder.example");
        await VisitAsync(admin, "/Admin", $"/Admin/Calls/{call.Id}", $"/Admin/Calls/{call.Id}/Dossiers", $"/Admin/Calls/edit/{call.Id}",
            $"/Admin/Calls/{call.Id}/Jury", $"/Admin/Calls/{call.Id}/Selection", "/Admin/Grants", "/Admin/Audit", "/Admin/Outbox");
        await applicant.ScreenshotAsync(new() { Path = Path.Combine(PageChecks.ScreenshotFolder, $"layout-applicant-grants-{width}.png") });
        await anonymous.ScreenshotAsync(new() { Path = Path.Combine(PageChecks.ScreenshotFolder, $"layout-accessibility-{width}.png") });

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
