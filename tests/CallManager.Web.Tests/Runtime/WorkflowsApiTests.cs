using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Runtime;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Runtime;

[Collection(WebCollection.Name)]
public class WorkflowsApiTests
{
    /// <summary>A host that publishes the example definitions at start-up.</summary>
    private static CallManagerApp App() => new(settings: new Dictionary<string, string?> { ["Workflows:DefinitionsPattern"] = "workflows/examples/*.json" });

    [Fact]
    public async Task The_workflow_endpoints_are_for_administrators_only()
    {
        await using var app = App();
        using var anonymous = app.CreateClient();
        using var applicant = await app.ClientAsAsync("ana@example.org", Roles.Applicant);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/workflows/definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync("/api/workflows/definitions")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_follows_an_instance_and_resumes_it_with_a_stimulus()
    {
        await using var app = App();
        using var admin = await app.ClientAsAsync("admin@example.org", Roles.Administrator);
        var definitions = await admin.GetFromJsonAsync<JsonArray>("/api/workflows/definitions");
        Assert.Equal(("approval", 1, "workflows/examples/approval.json"),
            (definitions![0]!["definitionId"]!.GetValue<string>(), definitions[0]!["version"]!.GetValue<int>(), definitions[0]!["source"]!.GetValue<string>()));
        var started = await app.Services.GetRequiredService<IWorkflowRuntime>().StartAsync(new StartRequest("approval", "order-9", new JsonObject { ["Amount"] = 2000 }));

        var list = await admin.GetFromJsonAsync<JsonArray>("/api/workflows/instances?definitionId=approval&status=Suspended&correlationId=order-9");
        var sent = await admin.PostAsJsonAsync("/api/workflows/stimuli", new { name = "ManagerApproval", correlationId = "order-9", idempotencyKey = "k1" });
        var details = await admin.GetFromJsonAsync<JsonObject>($"/api/workflows/instances/{started.Id}");

        Assert.Equal(started.Id, Assert.Single(list!)!["id"]!.GetValue<Guid>());
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal("Delivered", (await sent.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!.GetValue<string>());
        Assert.Equal("Finished", details!["instance"]!["status"]!.GetValue<string>());
        Assert.Equal("approved by manager for 2000", details["variables"]!["Decision"]!.GetValue<string>());
        Assert.Empty(details["bookmarks"]!.AsArray());
        Assert.Contains(details["journal"]!.AsArray(), j => j!["event"]!.GetValue<string>() == "Resumed");
    }

    [Fact]
    public async Task Refusals_say_what_is_wrong()
    {
        await using var app = App();
        using var admin = await app.ClientAsAsync("admin@example.org", Roles.Administrator);
        var started = await app.Services.GetRequiredService<IWorkflowRuntime>().StartAsync(new StartRequest("approval", "order-1", new JsonObject { ["Amount"] = 10 }));

        var retry = await admin.PostAsync($"/api/workflows/instances/{started.Id}/retry", null);
        var cancel = await admin.PostAsJsonAsync($"/api/workflows/instances/{started.Id}/cancel", new { reason = "test" });
        var unknown = await admin.GetAsync($"/api/workflows/instances/{Guid.NewGuid()}");
        var nameless = await admin.PostAsJsonAsync("/api/workflows/stimuli", new { name = "" });

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal($"Only a Faulted instance can be retried; instance {started.Id} is Finished.", await DetailAsync(retry));
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nameless.StatusCode);
        Assert.Equal("A stimulus needs a name.", await DetailAsync(nameless));
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
}
