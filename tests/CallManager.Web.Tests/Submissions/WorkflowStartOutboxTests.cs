using System.Net;
using System.Text.Json;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Outbox;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>
/// A dossier's workflow start is saved with its submission and delivered after it: when that delivery fails (here the
/// database refuses new workflow instances for a while), the submission still stands, /health shows the failing start, and
/// the dispatcher starts the workflow once the failure is gone.
/// </summary>
[Collection(WebCollection.Name)]
public class WorkflowStartOutboxTests
{
    [Fact]
    public async Task A_workflow_start_that_failed_after_the_submission_is_retried_and_the_workflow_starts_once()
    {
        await using var app = new CallManagerApp(settings: new Dictionary<string, string?> { ["Workflows:OutboxPollInterval"] = "00:00:00.200" });
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await CreatePublishedCallAsync(admin);
        using var applicant = await app.ClientAsAsync("a@asso.example", Roles.Applicant, "en");
        var id = await CreateDraftAsync(applicant, callId, await CreateOrganisationAsync(applicant, 1));
        await CompleteAsync(applicant, id, 1);

        await SqlAsync(app, "CREATE TRIGGER refuse_instances BEFORE INSERT ON \"WorkflowInstances\" BEGIN SELECT RAISE(ABORT, 'instances refused for the test'); END;");
        await Expect(await applicant.PostAsync($"/api/applications/{id}/submit", null), HttpStatusCode.OK);

        Assert.Equal(0, await InstancesAsync(app, id));
        var item = await ItemAsync(app, id);
        Assert.Null(item.DeliveredAt);
        Assert.Equal(1, item.Attempts);
        Assert.Contains("instances refused for the test", item.LastError);
        var health = await HealthAsync(app);
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("workflow-starts").GetProperty("status").GetString());

        await SqlAsync(app, "DROP TRIGGER refuse_instances;");
        app.Clock.Advance(TimeSpan.FromSeconds(11)); // past the first back-off (10 s)
        for (var i = 0; i < 100 && (await ItemAsync(app, id)).DeliveredAt is null; i++) await Task.Delay(100);

        Assert.NotNull((await ItemAsync(app, id)).DeliveredAt);
        Assert.Equal(1, await InstancesAsync(app, id));
        Assert.Equal("Healthy", (await HealthAsync(app)).GetProperty("checks").GetProperty("workflow-starts").GetProperty("status").GetString());
    }

    private static async Task SqlAsync(CallManagerApp app, string sql)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task<int> InstancesAsync(CallManagerApp app, Guid applicationId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<WorkflowInstance>()
            .CountAsync(i => i.DefinitionId == "ptce-application" && i.CorrelationId == applicationId.ToString());
    }

    private static async Task<WorkflowOutboxItem> ItemAsync(CallManagerApp app, Guid applicationId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<WorkflowOutboxItem>().AsNoTracking()
            .SingleAsync(i => i.DefinitionId == "ptce-application" && i.CorrelationId == applicationId.ToString());
    }

    private static async Task<JsonElement> HealthAsync(CallManagerApp app)
    {
        using var client = app.CreateClient();
        return JsonDocument.Parse(await (await client.GetAsync("/health")).Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
