using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>Two definitions triggered by the same stimulus each start on their own: one faulting does not keep the other from starting.</summary>
[Collection(RuntimeCollection.Name)]
public class SharedTriggerTests
{
    /// <summary>Trigger(signal) → SetVariable(value from <paramref name="script"/>) → Finish.</summary>
    private static string Triggered(string definitionId, string script)
    {
        var trigger = Activity("trigger", "WaitForSignal", ("signal", Literal("ProjectFunded")));
        trigger["customProperties"] = new System.Text.Json.Nodes.JsonObject { ["canStartWorkflow"] = true };
        return Definition(definitionId, [trigger, Activity("set", "SetVariable", ("variable", "Ran"), ("value", Js(script))), Activity("end", "Finish")],
            [("trigger", "Done", "set"), ("set", "Done", "end")]);
    }

    [Theory]
    [InlineData("a-faults", "b-runs")]
    [InlineData("b-faults", "a-runs")]
    public async Task Each_definition_a_stimulus_triggers_starts_even_when_another_faults(string faulting, string running)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Triggered(faulting, "(function () { throw new Error('boom'); })()"), $"workflows/{faulting}.json");
        await host.PublishValidAsync(Triggered(running, "true"), $"workflows/{running}.json");

        var result = await host.Runtime.StimulateAsync(new Stimulus("ProjectFunded", "project-9", IdempotencyKey: "funded-9"));
        var again = await host.Runtime.StimulateAsync(new Stimulus("ProjectFunded", "project-9", IdempotencyKey: "funded-9"));

        var instances = await host.InScopeAsync(s => s.RuntimeDb().Set<WorkflowInstance>().AsNoTracking()
            .Select(i => new { i.Id, i.DefinitionId, i.Status }).ToListAsync());
        Assert.Equal([(faulting, WorkflowStatus.Faulted), (running, WorkflowStatus.Finished)],
            instances.OrderBy(i => i.DefinitionId == running).Select(i => (i.DefinitionId, i.Status)).ToList());
        Assert.Equal(StimulusOutcome.Delivered, result.Outcome);
        Assert.Equal(instances.Select(i => i.Id).Order(), result.Instances.Order());
        Assert.Equal(StimulusOutcome.Duplicate, again.Outcome);
    }
}
