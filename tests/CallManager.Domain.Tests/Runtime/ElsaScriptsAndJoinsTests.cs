using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>Elsa's RunJavaScript (result, generated accessors, chosen outcomes, the sandbox's limits) and FlowJoin's WaitAllInbound mode.</summary>
[Collection(RuntimeCollection.Name)]
public class ElsaScriptsAndJoinsTests
{
    /// <summary>Start → RunJavaScript → FlowSwitch-free ports Big/Small → WriteLine each, in Elsa Studio's export shape.</summary>
    private const string Scripted = """
        {
          "definitionId": "scripted", "name": "Scripted", "toolVersion": "3.5.0.0",
          "variables": [
            { "id": "v-total", "name": "Total", "typeName": "Int32", "isArray": false, "value": "0", "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" },
            { "id": "v-line", "name": "line_count", "typeName": "Int32", "isArray": false, "value": "3" }
          ],
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "js", "type": "Elsa.RunJavaScript", "possibleOutcomes": ["Big", "Small"],
                "script": { "typeName": "String", "expression": { "type": "Literal", "value": "const t = getLineCount() * input.Price; setTotal(t); setOutcome(t > 100 ? 'Big' : 'Small'); t * 2" } },
                "result": { "typeName": "Object", "memoryReference": { "id": "v-line" } },
                "customProperties": { "canStartWorkflow": false } },
              { "id": "big", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "'big ' + getTotal() + ' then ' + getLineCount()" } } },
              { "id": "small", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Liquid", "value": "small {{ Variables.Total }}" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "js", "port": "In" } },
              { "source": { "activity": "js", "port": "Big" }, "target": { "activity": "big", "port": "In" } },
              { "source": { "activity": "js", "port": "Small" }, "target": { "activity": "small", "port": "In" } }
            ]
          }
        }
        """;

    private static async Task<RuntimeHost> HostWithAsync(TestDatabase database, string json)
    {
        var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);
        return host;
    }

    private static async Task<string?> NoteAsync(RuntimeHost host, Guid id) =>
        Assert.Single(await host.JournalAsync(id), j => j.Event == "Note").Detail;

    [Fact]
    public async Task RunJavaScript_runs_with_the_accessors_stores_its_result_and_leaves_by_the_outcome_it_sets()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = await HostWithAsync(database, Scripted);

        var big = await host.Runtime.StartAsync(new StartRequest("scripted", "b", new JsonObject { ["Price"] = 40 }));
        var small = await host.Runtime.StartAsync(new StartRequest("scripted", "s", new JsonObject { ["Price"] = 10 }));

        Assert.Equal("big 120 then 240", await NoteAsync(host, big.Id)); // the script's value went to the variable its result names
        Assert.Equal("small 30", await NoteAsync(host, small.Id));
        Assert.Contains(await host.JournalAsync(big.Id), j => (j.ActivityId, j.Event, j.Detail) == ("js", "Completed", "Big"));
        Assert.Equal(WorkflowStatus.Finished, big.Status);
    }

    [Fact]
    public async Task RunJavaScript_is_held_to_the_limits_of_every_script_and_refused_when_it_does_not_parse()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = await HostWithAsync(database, Definition("endless",
            [Activity("start", "Start"), Activity("js", "Elsa.RunJavaScript", ("script", Literal("while (true) { }")))], [("start", "Done", "js")]));

        var started = await host.Runtime.StartAsync(new StartRequest("endless", "e"));
        var broken = await host.PublishAsync(Definition("broken",
            [Activity("start", "Start"), Activity("js", "Elsa.RunJavaScript", ("script", Literal("setTotal(")))], [("start", "Done", "js")]), "workflows/broken.json");

        var details = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(started.Id));
        Assert.Equal(WorkflowStatus.Faulted, details.Instance.Status);
        Assert.Equal("js", Assert.Single(details.Incidents).ActivityId);
        Assert.Contains("script", details.Incidents[0].Message);
        Assert.Equal(PublishOutcome.Refused, broken.Outcome);
        Assert.Equal(("js", "root.activities[1].script.expression.value"), (Assert.Single(broken.Problems).ActivityId, broken.Problems[0].Path));
    }

    /// <summary>Elsa 3.6's join-wait-all-inbound scenario: both ports of a decision lead to a WaitAllInbound join, then End.</summary>
    private static string WaitAllInbound(string definitionId, string mode, bool condition) => Definition(definitionId,
        [Activity("decide", "Elsa.FlowDecision", ("condition", Literal(condition))),
         Activity("join", "Elsa.FlowJoin", ("mode", Literal(mode))), Activity("end", "Elsa.End")],
        [("join", "Done", "end"), ("decide", "True", "join"), ("decide", "False", "join")]);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_WaitAllInbound_join_blocks_on_a_connection_not_followed_as_Elsa_does(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = await HostWithAsync(database, WaitAllInbound("inbound", "WaitAllInbound", condition: false));

        var started = await host.Runtime.StartAsync(new StartRequest("inbound", "i-1"));

        Assert.Equal(WorkflowStatus.Suspended, started.Status);
        Assert.Empty(await host.BookmarksAsync(started.Id));
        var journal = await host.JournalAsync(started.Id);
        Assert.DoesNotContain(journal, j => j.ActivityId is "join" or "end" && j.Event == "Completed");
        Assert.Equal("WaitAllInbound waits for decide:True", Assert.Single(journal, j => j.Event == "Blocked").Detail);
    }

    [Fact]
    public async Task A_WaitAllInbound_join_runs_once_every_inbound_connection_was_followed()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = await HostWithAsync(database, Definition("fork-join",
            [Activity("start", "Start"), Activity("fork", "Elsa.FlowFork", ("branches", Literal("A,B"))),
             Activity("a", "Elsa.WriteLine", ("text", Literal("a"))), Activity("wait", "Elsa.Event", ("eventName", Literal("B"))),
             Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAllInbound"))), Activity("end", "Elsa.WriteLine", ("text", Literal("joined")))],
            [("start", "Done", "fork"), ("fork", "A", "a"), ("fork", "B", "wait"), ("a", "Done", "join"), ("wait", "Done", "join"), ("join", "Done", "end")]));

        var started = await host.Runtime.StartAsync(new StartRequest("fork-join", "f-1"));
        var waiting = await host.JournalAsync(started.Id);
        await host.Runtime.StimulateAsync(new Stimulus("B", "f-1"));

        Assert.Equal(WorkflowStatus.Suspended, started.Status);
        Assert.DoesNotContain(waiting, j => j.ActivityId == "join" && j.Event == "Completed");
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
        Assert.Single(await host.JournalAsync(started.Id), j => (j.ActivityId, j.Event, j.Detail) == ("end", "Note", "joined"));
    }

    [Fact]
    public async Task A_join_mode_Elsa_does_not_have_is_still_refused()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);

        var refused = await host.PublishAsync(WaitAllInbound("unknown", "WaitSome", condition: true));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal(("join", "root.activities[1].mode"), (problem.ActivityId, problem.Path));
        Assert.Contains("'WaitSome'", problem.Message);
    }
}
