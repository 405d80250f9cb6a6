using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Localisation;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Hosting;

/// <summary>A published call whose workflow has no published definition: its timers never run, so it shows on /health and on the call's page.</summary>
[Collection(WebCollection.Name)]
public class MissingWorkflowTests
{
    [Fact]
    public async Task A_published_call_whose_workflow_is_not_published_makes_health_Unhealthy_and_shows_on_its_page()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using var client = app.CreateClient();
        using (var before = JsonDocument.Parse(await client.GetStringAsync("/health")))
            Assert.Equal("Healthy", before.RootElement.GetProperty("checks").GetProperty("definitions").GetProperty("status").GetString());
        var created = await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(Phases, "PTCE-LOST") with { CallWorkflowId = "ptce-call-renamed" });
        var id = (await Json(created))["id"]!.GetValue<Guid>();
        await Expect(await admin.PostAsync($"/api/calls/{id}/publish", null), HttpStatusCode.OK);

        using var health = await client.GetAsync("/health");
        using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var check = body.RootElement.GetProperty("checks").GetProperty("definitions");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.StartsWith("workflow 'ptce-call-renamed' needed by call(s) PTCE-LOST is not published.", check.GetProperty("description").GetString());
        var page = await (await PageSession.SignInAsync(app, "admin@funder.example")).GetStringAsync($"/Admin/Calls/{id}");
        Assert.Contains("Le workflow « ptce-call-renamed » de cet appel n'est pas publié", WebUtility.HtmlDecode(page));
    }
}
