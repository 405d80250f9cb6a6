using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// Definitions written the way Elsa 3 exports them (our own small files, in the 3.0 to 3.6 shapes): each is read, published and
/// run, and the path it takes is checked against the journal.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class ElsaShapesTests
{
    /// <summary>What every Elsa export carries around the root, which the runtime tolerates and ignores.</summary>
    private static string Export(string definitionId, string variables, string root) => $$"""
        {
          "$schema": "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json",
          "id": "{{definitionId}}-v1", "definitionId": "{{definitionId}}", "name": "{{definitionId}}", "version": 1, "toolVersion": "3.2.0.0",
          "variables": [{{variables}}],
          "inputs": [ { "name": "Amount", "type": "Int32", "isArray": false } ], "outputs": [ { "name": "Result", "type": "String" } ],
          "outcomes": [ "Approved" ], "customProperties": {}, "isReadonly": false, "isLatest": true, "isPublished": true,
          "options": { "autoUpdateConsumingWorkflows": false },
          "root": {{root}}
        }
        """;

    private static string Flowchart(string activities, string connections) => $$"""
        { "id": "flow1", "nodeId": "Workflow1:flow1", "name": "Flowchart1", "type": "Elsa.Flowchart", "version": 1,
          "customProperties": { "notFoundConnections": [], "canStartWorkflow": false, "runAsynchronously": false }, "metadata": {},
          "activities": [{{activities}}], "variables": [], "connections": [{{connections}}] }
        """;

    private static string Node(string id, string type, string inputs = "", bool trigger = false) => $$"""
        { {{(inputs.Length > 0 ? inputs + "," : "")}} "id": "{{id}}", "nodeId": "Workflow1:flow1:{{id}}", "name": "{{id}}1", "type": "{{type}}", "version": 1,
          "customProperties": { "canStartWorkflow": {{(trigger ? "true" : "false")}}, "runAsynchronously": false },
          "metadata": { "designer": { "position": { "x": -20.5, "y": 110 }, "size": { "width": 140.2, "height": 50 } } } }
        """;

    private static string Literal(string name, string typeName, string value) =>
        $$"""  "{{name}}": { "typeName": "{{typeName}}", "expression": { "type": "Literal", "value": {{value}} } } """;

    private static string Js(string name, string typeName, string code) =>
        $$"""  "{{name}}": { "typeName": "{{typeName}}", "expression": { "type": "JavaScript", "value": {{JsonValue.Create(code).ToJsonString()}} } } """;

    /// <summary>The connection as Elsa 3.1 and later write it.</summary>
    private static string Connect(string from, string port, string to) =>
        $$"""{ "source": { "activity": "{{from}}", "port": "{{port}}" }, "target": { "activity": "{{to}}", "port": "In" }, "vertices": [] }""";

    /// <summary>The connection as Elsa 3.0 writes it.</summary>
    private static string Connect30(string from, string port, string to) =>
        $$"""{ "source": "{{from}}", "target": "{{to}}", "sourcePort": "{{port}}", "targetPort": "In" }""";

    private static string Variable(string name, string typeName, string value) =>
        $$"""{ "id": "var-{{name}}", "name": "{{name}}", "typeName": "{{typeName}}", "isArray": false, "value": {{value}}, "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" }""";

    /// <summary>The activities completed, in order; a faulted instance fails the test with its incidents.</summary>
    private static async Task<List<string>> PathAsync(RuntimeHost host, Guid id)
    {
        var details = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(id));
        if (details.Instance.Status == WorkflowStatus.Faulted && details.Incidents.Count > 0)
            Assert.Fail("faulted: " + string.Join("; ", details.Incidents.Select(i => $"{i.ActivityId}: {i.Message}")));
        return [.. (await host.JournalAsync(id)).Where(j => j.Event == "Completed").Select(j => j.ActivityId ?? "")];
    }

    private static async Task<JsonNode> VariablesAsync(RuntimeHost host, Guid id) => JsonNode.Parse((await host.InstanceAsync(id)).VariablesJson)!;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Both_connection_shapes_are_followed(bool elsa30)
    {
        Func<string, string, string, string> connect = elsa30 ? Connect30 : Connect;
        var json = Export("shapes", Variable("Approved", "Boolean", "\"false\""), Flowchart(
            string.Join(",", Node("start", "Elsa.Start"), Node("decide", "Elsa.FlowDecision", Js("condition", "Boolean", "getVariable('Approved') === false")),
                Node("yes", "Elsa.SetVariable", """ "variable": { "id": "var-Approved", "name": "Approved", "typeName": "Boolean" }, """ + Literal("value", "Object", "\"true\"")),
                Node("end", "Elsa.End")),
            string.Join(",", connect("start", "Done", "decide"), connect("decide", "True", "yes"), connect("decide", "False", "end"), connect("yes", "Done", "end"))));
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);

        var started = await host.Runtime.StartAsync(new StartRequest("shapes"));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Equal(["start", "decide", "yes", "end"], await PathAsync(host, started.Id));
        Assert.True((await VariablesAsync(host, started.Id))["Approved"]!.GetValue<bool>()); // "true" stored as the declared Boolean
    }

    [Fact]
    public async Task The_trigger_flag_in_customProperties_starts_the_definition_on_its_event()
    {
        var json = Export("triggered", "", Flowchart(
            string.Join(",", Node("event", "Elsa.Event", Literal("eventName", "String", "\"OrderPlaced\"") + "," + Literal("resultVariable", "String", "\"Order\""), trigger: true),
                Node("note", "Elsa.SetVariable", """ "variable": "Seen", """ + Js("value", "Object", "getVariable('Order').order")), Node("end", "Elsa.End")),
            string.Join(",", Connect("event", "Done", "note"), Connect("note", "Done", "end"))));
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);

        var result = await host.Runtime.StimulateAsync(new Stimulus("OrderPlaced", "order-7", new JsonObject { ["order"] = "o-7" }));

        Assert.Equal(StimulusOutcome.Delivered, result.Outcome);
        var id = Assert.Single(result.Instances);
        Assert.Equal(["event", "note", "end"], await PathAsync(host, id));
        Assert.Equal("o-7", (await VariablesAsync(host, id))["Seen"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(3, "note-small")]
    [InlineData(30, "note-large")]
    public async Task FlowSwitch_case_conditions_written_bare_as_Elsa_writes_them_are_evaluated(int amount, string expected)
    {
        var @switch = """
            "cases": [ { "label": "Small", "condition": { "type": "JavaScript", "value": "input.Amount < 10" }, "scopedActivity": null },
                       { "label": "Large", "condition": { "type": "JavaScript", "value": "input.Amount >= 10" }, "scopedActivity": null } ],
            "mode": { "typeName": "Elsa.Workflows.Activities.Flowchart.Models.SwitchMode, Elsa.Workflows.Core", "expression": { "type": "Literal", "value": "MatchFirst" } }
            """;
        var json = Export("switch", "", Flowchart(
            string.Join(",", Node("start", "Elsa.Start"), Node("switch", "Elsa.FlowSwitch", @switch),
                Node("note-small", "Elsa.SetVariable", """ "variable": "Size", """ + Literal("value", "String", "\"small\"")),
                Node("note-large", "Elsa.SetVariable", """ "variable": "Size", """ + Literal("value", "String", "\"large\""))),
            string.Join(",", Connect("start", "Done", "switch"), Connect("switch", "Small", "note-small"), Connect("switch", "Large", "note-large"))));
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);

        var started = await host.Runtime.StartAsync(new StartRequest("switch", Input: new JsonObject { ["Amount"] = amount }));

        Assert.Equal(["start", "switch", expected], await PathAsync(host, started.Id));
    }

    [Fact]
    public async Task A_FlowSwitch_condition_that_gives_no_boolean_faults_naming_the_case()
    {
        var json = Export("switch-bad", "", Flowchart(
            string.Join(",", Node("start", "Elsa.Start"),
                Node("switch", "Elsa.FlowSwitch", """ "cases": [ { "label": "Odd", "condition": { "type": "JavaScript", "value": "'maybe'" } } ] """)),
            Connect("start", "Done", "switch")));
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);

        var started = await host.Runtime.StartAsync(new StartRequest("switch-bad"));

        var details = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(started.Id));
        Assert.Equal(WorkflowStatus.Faulted, details.Instance.Status);
        Assert.Contains("case 'Odd'", Assert.Single(details.Incidents).Message);
    }

    [Fact]
    public async Task A_FlowJoin_without_mode_waits_for_any_branch_as_in_Elsa()
    {
        var json = Export("join", "", Flowchart(
            string.Join(",", Node("start", "Elsa.Start"), Node("fork", "Elsa.FlowFork", Literal("branches", "String[]", "\"A,B\"")),
                Node("a", "Elsa.Event", Literal("eventName", "String", "\"A\"")), Node("b", "Elsa.Event", Literal("eventName", "String", "\"B\"")),
                Node("join", "Elsa.FlowJoin"), Node("end", "Elsa.End")),
            string.Join(",", Connect("start", "Done", "fork"), Connect("fork", "A", "a"), Connect("fork", "B", "b"),
                Connect("a", "Done", "join"), Connect("b", "Done", "join"), Connect("join", "Done", "end"))));
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);
        var started = await host.Runtime.StartAsync(new StartRequest("join", "j-1"));

        await host.Runtime.StimulateAsync(new Stimulus("B", "j-1"));

        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
        Assert.Equal(["start", "fork", "b", "join", "end"], await PathAsync(host, started.Id));
        Assert.Empty(await host.BookmarksAsync(started.Id));
    }

    [Theory]
    [InlineData("WaitAll")]
    [InlineData("WaitAllActive")]
    public async Task A_FlowJoin_in_WaitAll_mode_waits_for_every_branch_taken(string mode)
    {
        var json = Export("join-all", "", Flowchart(
            string.Join(",", Node("start", "Elsa.Start"), Node("fork", "Elsa.FlowFork", Literal("branches", "String[]", "\"A,B\"")),
                Node("a", "Elsa.Event", Literal("eventName", "String", "\"A\"")), Node("b", "Elsa.Event", Literal("eventName", "String", "\"B\"")),
                Node("join", "Elsa.FlowJoin", Literal("mode", "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core", $"\"{mode}\"")),
                Node("end", "Elsa.End")),
            string.Join(",", Connect("start", "Done", "fork"), Connect("fork", "A", "a"), Connect("fork", "B", "b"),
                Connect("a", "Done", "join"), Connect("b", "Done", "join"), Connect("join", "Done", "end"))));
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);
        var started = await host.Runtime.StartAsync(new StartRequest("join-all", "j-2"));

        await host.Runtime.StimulateAsync(new Stimulus("A", "j-2"));
        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(started.Id)).Status);
        await host.Runtime.StimulateAsync(new Stimulus("B", "j-2"));

        Assert.Equal(["start", "fork", "a", "b", "join", "end"], await PathAsync(host, started.Id));
    }

    [Fact]
    public async Task A_Sequence_root_runs_its_activities_in_order()
    {
        var json = Export("sequence", Variable("Count", "Int32", "\"1\""), $$"""
            { "id": "seq1", "type": "Elsa.Sequence", "version": 1, "customProperties": {}, "metadata": {}, "variables": [],
              "activities": [ {{Node("add", "Elsa.SetVariable", """ "variable": { "id": "var-Count" }, """ + Js("value", "Object", "String(getVariable('Count') + 1)"))}},
                              {{Node("wait", "Elsa.Event", Literal("eventName", "String", "\"Go\""))}},
                              {{Node("double", "Elsa.SetVariable", """ "variable": { "id": "var-Count" }, """ + Js("value", "Object", "getVariable('Count') * 2"))}} ] }
            """);
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);
        var started = await host.Runtime.StartAsync(new StartRequest("sequence", "s-1"));
        Assert.Equal(2, (await VariablesAsync(host, started.Id))["Count"]!.GetValue<long>()); // "2" from the script, stored as the declared Int32

        await host.Runtime.StimulateAsync(new Stimulus("Go", "s-1"));

        Assert.Equal(["add", "wait", "double"], await PathAsync(host, started.Id));
        Assert.Equal(4, (await VariablesAsync(host, started.Id))["Count"]!.GetValue<long>());
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
    }

    [Fact]
    public async Task A_single_activity_root_is_a_flowchart_of_one()
    {
        var json = Export("single", "", Node("only", "Elsa.SetVariable", """ "variable": "Done", """ + Literal("value", "Boolean", "true")));
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);

        var started = await host.Runtime.StartAsync(new StartRequest("single"));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Equal(["only"], await PathAsync(host, started.Id));
    }
}
