using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallManager.Web.Tests.Browser.Pages;

[Collection(BrowserCollection.Name)]
public class AuditLogTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_audit_log_filters_by_action_and_its_verification_finds_an_altered_entry()
    {
        await using var app = await BrowserApp.StartAsync();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var call = await app.PublishedCallAsync();
        var page = await browser.OpenAsync(app);
        await AdminSession.SignInAsync(page, "admin@funder.example");

        await page.GotoAsync("/Admin/Audit");
        await page.GetByLabel("Action").FillAsync("call.published");
        await page.GetByRole(AriaRole.Button, new() { Name = "Appliquer" }).ClickAsync();
        Assert.Equal("call.published", await page.Locator("tbody code").First.InnerTextAsync());
        Assert.Equal(1, await page.Locator("tbody tr").CountAsync());
        Assert.Equal("Appel\nPTCE-2027", (await page.Locator("tbody td").Nth(4).InnerTextAsync()).Trim()); // the call by its code, not its id
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier la chaîne" }).ClickAsync();
        Assert.Matches(@"^Chaîne intacte : [\d\u202f\u00a0]+ entrées vérifiées\.$", await page.Locator(".notice").InnerTextAsync());
        await page.AuditAsync("admin-audit");

        await page.GotoAsync($"/Admin/Calls/edit/{call.Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette étape" }).ClickAsync();
        await page.GotoAsync("/Admin/Audit?Action=call.updated");
        Assert.Equal("admin (admin@funder.example)", await page.Locator("tbody td").Nth(2).InnerTextAsync()); // the person by name, not their id
        Assert.DoesNotContain(call.Id.ToString(), await page.Locator("tbody").InnerTextAsync());
        await page.GotoAsync("/Admin/Audit");

        await TamperAsync(app, call.Id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier la chaîne" }).ClickAsync();
        Assert.Matches(@"^Chaîne rompue à l'entrée \d+ : entry \d+ was altered after it was written$", await page.Locator(".notice").InnerTextAsync());
    }

    private static async Task TamperAsync(BrowserApp app, Guid callId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var entry = await db.Set<AuditEntry>().Where(e => e.CallId == callId).OrderBy(e => e.Sequence).FirstAsync();
        entry.After = "{\"budget\":1}";
        await db.SaveChangesAsync();
    }
}
