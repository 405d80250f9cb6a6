using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;

namespace CallManager.Domain.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public class ElsaDefinitionTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_Elsa_shaped_example_takes_the_True_port_for_a_small_amount(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Flow.ApprovalExample(), "workflows/examples/approval.json");

        var started = await host.Runtime.StartAsync(new StartRequest("approval", "order-1", new JsonObject { ["Amount"] = 500 }));

        var instance = await host.InstanceAsync(started.Id);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal("approved", JsonNode.Parse(instance.VariablesJson)!["Decision"]!.GetValue<string>());
        Assert.True(JsonNode.Parse(instance.VariablesJson)!["Approved"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_Elsa_shaped_example_takes_the_False_port_and_waits_for_the_manager()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Flow.ApprovalExample(), "workflows/examples/approval.json");

        var started = await host.Runtime.StartAsync(new StartRequest("approval", "order-2", new JsonObject { ["Amount"] = 5000 }));
        Assert.Equal(WorkflowStatus.Suspended, started.Status);
        Assert.Equal("ManagerApproval", Assert.Single(await host.BookmarksAsync(started.Id)).Name);

        var result = await host.Runtime.StimulateAsync(new Stimulus("ManagerApproval", "order-2"));

        Assert.Equal(StimulusOutcome.Delivered, result.Outcome);
        var instance = await host.InstanceAsync(started.Id);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal("approved by manager for 5000", JsonNode.Parse(instance.VariablesJson)!["Decision"]!.GetValue<string>());
        Assert.Empty(await host.BookmarksAsync(started.Id));
        var events = (await host.JournalAsync(started.Id)).Select(j => $"{j.ActivityId}:{j.Event}").ToList();
        Assert.Equal(["start:Completed", "setApproved:Completed", "decide:Completed", "waitForManager:Suspended",
            "waitForManager:Resumed", "waitForManager:Completed", "managerApproved:Completed", "finish:Completed", ":Finished"],
            events.Where(e => !e.StartsWith(":Started")).ToList());
    }
}

/// <summary>Runtime tests share Hangfire's process-wide state and a PostgreSQL server: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RuntimeCollection
{
    public const string Name = "workflow runtime";
}
