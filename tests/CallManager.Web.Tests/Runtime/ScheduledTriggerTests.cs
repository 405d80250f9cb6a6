using CallManager.Domain.Hosting;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Web.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Runtime;

/// <summary>A definition triggered by an Elsa Cron, published at start-up, is started by the host's Hangfire server when its recurring job runs.</summary>
[Collection(WebCollection.Name)]
public class ScheduledTriggerTests
{
    private const string CronDefinition = """
        {
          "definitionId": "hourly-report", "name": "Hourly report", "toolVersion": "3.3.0.0",
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "Hello every hour" } },
                "customProperties": { "canStartWorkflow": false, "runAsynchronously": false } },
              { "id": "cron", "type": "Elsa.Cron", "cronExpression": { "typeName": "String", "expression": { "type": "Literal", "value": "0 0 * * * *" } },
                "customProperties": { "canStartWorkflow": true, "runAsynchronously": false } }
            ],
            "connections": [ { "source": { "activity": "cron", "port": "Done" }, "target": { "activity": "say", "port": "In" } } ]
          }
        }
        """;

    [Fact]
    public async Task A_Cron_triggered_definition_produces_an_instance_when_its_recurring_job_runs()
    {
        var folder = Directory.CreateTempSubdirectory("cm-cron-");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "hourly-report.json"), CronDefinition);
        await using var app = new CallManagerApp(settings: new Dictionary<string, string?> { ["Workflows:DefinitionsPattern"] = Path.Combine(folder.FullName, "*.json") });
        _ = app.Services; // starts the host: the start-up task publishes the definition and registers its recurring job

        var storage = app.Services.GetRequiredService<JobStorage>();
        RecurringJobDto? job;
        using (var connection = storage.GetConnection())
            job = connection.GetRecurringJobs([HangfireScheduledTriggers.JobId("hourly-report")]).SingleOrDefault();
        Assert.Equal(("0 0 * * * *", typeof(WorkflowTriggerJob)), (job?.Cron, job?.Job?.Type));

        new RecurringJobManager(storage).Trigger(job!.Id); // what Hangfire does on the hour: the host's server runs the job
        IReadOnlyList<WorkflowQueries.InstanceView> instances = [];
        for (var wait = 0; wait < 300 && instances.Count == 0; wait++)
        {
            await Task.Delay(100);
            await using var scope = app.Services.CreateAsyncScope();
            instances = await scope.ServiceProvider.GetRequiredService<WorkflowQueries>().InstancesAsync(new(DefinitionId: "hourly-report"));
        }

        var instance = Assert.Single(instances);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        await using var read = app.Services.CreateAsyncScope();
        var journal = await read.ServiceProvider.GetRequiredService<WorkflowQueries>().JournalAsync(instance.Id);
        Assert.Contains(journal, j => (j.ActivityId, j.Event, j.Detail) == ("say", "Note", "Hello every hour"));
        folder.Delete(recursive: true);
    }
}
