using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime.Expressions;

/// <summary>Elsa's generated accessors in a definition, as real Elsa 3 scripts call them; and no leak between definitions.</summary>
[Collection(RuntimeCollection.Name)]
public class JavaScriptAccessorTests
{
    [Fact]
    public async Task Generated_accessors_read_and_write_the_instance_variables_and_read_its_input()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Definition("counter",
            [Activity("start", "Start"),
             Activity("count", "SetVariable", ("variable", "Label"), ("value", Js("setCounter(getCounter() + 1); getOrderId() + '#' + getCounter()"))),
             Activity("end", "Finish")],
            [("start", "Done", "count"), ("count", "Done", "end")],
            new JsonObject { ["Counter"] = 41, ["Label"] = null }));

        var started = await host.Runtime.StartAsync(new StartRequest("counter", Input: new JsonObject { ["orderId"] = "o-7" }));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        var variables = JsonNode.Parse((await host.InstanceAsync(started.Id)).VariablesJson)!;
        Assert.Equal("""{"Counter":42,"Label":"o-7#42"}""", variables.ToJsonString());
    }

    [Fact]
    public async Task A_definition_that_pollutes_globals_changes_nothing_another_reads()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Definition("polluter",
            [Activity("start", "Start"), Activity("set", "SetVariable", ("variable", "V"), ("value", Js("globalThis.getVariable = () => 'POLLUTED'; Object.prototype.polluted = 'yes'; 1")))],
            [("start", "Done", "set")]), "workflows/polluter.json");
        await host.PublishValidAsync(Definition("reader",
            [Activity("start", "Start"), Activity("set", "SetVariable", ("variable", "Seen"), ("value", Js("getVariable('Name') + '/' + ({}).polluted")))],
            [("start", "Done", "set")], new JsonObject { ["Name"] = "clean" }), "workflows/reader.json");

        for (var i = 0; i < 4; i++)
        {
            await host.Runtime.StartAsync(new StartRequest("polluter"));
            var read = await host.Runtime.StartAsync(new StartRequest("reader"));
            Assert.Equal("clean/undefined", JsonNode.Parse((await host.InstanceAsync(read.Id)).VariablesJson)!["Seen"]!.GetValue<string>());
        }
    }
}
