using System.Net;
using CallManager.Domain.Accounts;
using CallManager.Web.Tests.Infrastructure;

namespace CallManager.Web.Tests.Privacy;

/// <summary>The privacy notice (from configuration and the retention rules in force), linked from every page and registration; the administrators' record and retention page.</summary>
[Collection(WebCollection.Name)]
public sealed class PrivacyNoticeTests
{
    [Fact]
    public async Task The_notice_names_the_configured_controller_and_the_periods_in_force_and_every_page_links_it()
    {
        using var app = new CallManagerApp(settings: new Dictionary<string, string?>
        {
            ["Privacy:Notice:Controller"] = "Région Exemple", ["Privacy:Notice:DpoEmail"] = "dpo@region.example",
            ["Retention:Periods:DraftDossiers"] = "730.00:00:00",
        });
        var visitor = app.CreateClient();
        var notice = WebUtility.HtmlDecode(await visitor.GetStringAsync("/Privacy"));
        Assert.Contains("Responsable du traitement : Région Exemple", notice.Replace('\u00a0', ' '));
        Assert.Contains("mailto:dpo@region.example", notice);
        Assert.Contains("Dossiers jamais déposés (brouillons)</th><td>2 ans</td><td>la clôture de l'appel", notice);
        Assert.Contains("Courriels envoyés</th><td>1 an</td>", notice);
        Assert.Contains("mission d'intérêt public (art. 6.1.e)", notice);

        foreach (var path in new[] { "/", "/Account/Register", "/accessibility" })
            Assert.Contains("href=\"/Privacy\"", await visitor.GetStringAsync(path));
        Assert.Contains("Vos données sont traitées par le financeur", WebUtility.HtmlDecode(await visitor.GetStringAsync("/Account/Register")));
    }

    [Fact]
    public async Task Administrators_read_the_record_the_rules_the_next_run_and_the_dry_run()
    {
        using var app = new CallManagerApp();
        var admin = await app.CookieLoginAsync((await app.CreateUserAsync("admin@funder.example", Roles.Administrator)).Email!);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Privacy"));
        Assert.Contains("Registre des activités de traitement", page);
        Assert.Contains("Prochain passage du traitement quotidien", page);
        Assert.Contains("Simulation au", page);
        Assert.Contains("Aucune suppression n'a encore eu lieu.", page);
        var applicant = await app.CookieLoginAsync((await app.CreateUserAsync("a@asso.example", Roles.Applicant)).Email!);
        Assert.NotEqual(HttpStatusCode.OK, (await applicant.GetAsync("/Admin/Privacy")).StatusCode);
    }
}
