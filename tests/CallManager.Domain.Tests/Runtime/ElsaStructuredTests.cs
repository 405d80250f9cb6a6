using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// Elsa's structured activities (nested Sequence and Flowchart, If with Then/Else, While, ForEach, Break), written as Elsa 3
/// exports them, run the path Elsa takes: checked against the lines their WriteLines leave in the journal.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class ElsaStructuredTests
{
    private static string Js(string code) => $$"""{ "typeName": "Object", "expression": { "type": "JavaScript", "value": {{System.Text.Json.JsonSerializer.Serialize(code)}} } }""";

    private static string Say(string id, string code) => $$"""{ "id": "{{id}}", "type": "Elsa.WriteLine", "version": 1, "text": {{Js(code)}} }""";

    private static async Task<List<string>> LinesAsync(RuntimeHost host, Guid id) =>
        [.. (await host.JournalAsync(id)).Where(j => j.Event == "Note").Select(j => j.Detail ?? "")];

    private static async Task<(RuntimeHost Host, WorkflowInstanceSummary Started)> RunAsync(TestDatabase database, string id, string root, string variables = "[]")
    {
        var host = RuntimeHost.Create(database);
        await host.PublishValidAsync($$"""{ "definitionId": "{{id}}", "name": "{{id}}", "variables": {{variables}}, "root": {{root}} }""");
        return (host, await host.Runtime.StartAsync(new StartRequest(id, "c-1")));
    }

    [Fact]
    public async Task A_sequence_with_a_nested_sequence_and_an_if_runs_the_branch_its_condition_chooses_then_goes_on()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var (host, started) = await RunAsync(database, "seq-if", $$"""
            { "type": "Elsa.Sequence", "id": "root", "activities": [
                {{Say("first", "'one'")}},
                { "type": "Elsa.Sequence", "id": "inner", "activities": [ {{Say("second", "'two'")}}, {{Say("third", "'three'")}} ] },
                { "type": "Elsa.If", "id": "check", "condition": {{Js("1 + 1 === 3")}},
                  "then": {{Say("yes", "'wrong branch'")}}, "else": {{Say("no", "'else branch'")}} },
                {{Say("last", "'after the if'")}} ] }
            """);
        await using var _ = host;

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Equal(["one", "two", "three", "else branch", "after the if"], await LinesAsync(host, started.Id));
    }

    [Fact]
    public async Task While_runs_its_body_as_long_as_its_condition_holds_with_variables_read_through_elsa_accessors()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var (host, started) = await RunAsync(database, "while", $$"""
            { "type": "Elsa.Sequence", "id": "root", "activities": [
                { "type": "Elsa.While", "id": "loop", "condition": {{Js("getCounter() < 3")}},
                  "body": { "type": "Elsa.Sequence", "id": "body", "activities": [
                     {{Say("say", "'turn ' + getCounter()")}},
                     { "type": "Elsa.SetVariable", "id": "inc", "variable": { "id": "v1", "name": "Counter" }, "value": {{Js("getCounter() + 1")}} } ] } },
                {{Say("after", "'counted to ' + getCounter()")}} ] }
            """, """[ { "id": "v1", "name": "Counter", "typeName": "Int32", "value": "0" } ]""");
        await using var _ = host;

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Equal(["turn 0", "turn 1", "turn 2", "counted to 3"], await LinesAsync(host, started.Id));
    }

    [Fact]
    public async Task ForEach_sets_its_current_value_variable_for_each_item_and_break_leaves_the_loop()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var (host, started) = await RunAsync(database, "foreach", $$"""
            { "type": "Elsa.Sequence", "id": "root", "activities": [
                { "type": "Elsa.ForEach", "id": "each", "items": {{Js("['a', 'b', 'c', 'd']")}},
                  "currentValue": { "typeName": "Object", "memoryReference": { "id": "v-item" } },
                  "body": { "type": "Elsa.Sequence", "id": "body", "activities": [
                     { "type": "Elsa.If", "id": "stop", "condition": {{Js("getItem() === 'c'")}}, "then": { "type": "Elsa.Break", "id": "break" } },
                     {{Say("say", "'item ' + getItem()")}} ] } },
                {{Say("after", "'left at ' + getItem()")}} ] }
            """, """[ { "id": "v-item", "name": "Item", "typeName": "String" } ]""");
        await using var _ = host;

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Equal(["item a", "item b", "left at c"], await LinesAsync(host, started.Id));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_flowchart_loop_whose_body_waits_goes_on_from_where_it_was_at_each_event(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        var (host, started) = await RunAsync(database, "foreach-wait", $$"""
            { "type": "Elsa.Flowchart", "id": "root",
              "activities": [
                { "type": "Elsa.Start", "id": "start" },
                { "type": "Elsa.ForEach", "id": "each", "items": {{Js("['x', 'y']")}}, "currentValue": { "memoryReference": { "id": "v-item" } },
                  "body": { "type": "Elsa.Flowchart", "id": "body",
                    "activities": [ { "type": "Elsa.Event", "id": "wait", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Next" } } },
                                    {{Say("got", "'got ' + getItem()")}} ],
                    "connections": [ { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "got", "port": "In" } } ] } },
                {{Say("end", "'all done'")}} ],
              "connections": [
                { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "each", "port": "In" } },
                { "source": { "activity": "each", "port": "Done" }, "target": { "activity": "end", "port": "In" } } ] }
            """, """[ { "id": "v-item", "name": "Item", "typeName": "String" } ]""");
        await using var _ = host;

        Assert.Equal(WorkflowStatus.Suspended, started.Status);
        await host.Runtime.StimulateAsync(new Stimulus("Next", "c-1"));
        Assert.Equal(["got x"], await LinesAsync(host, started.Id));
        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(started.Id)).Status);

        await host.Runtime.StimulateAsync(new Stimulus("Next", "c-1"));
        Assert.Equal(["got x", "got y", "all done"], await LinesAsync(host, started.Id));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
    }

    [Fact]
    public async Task A_flowchart_holding_only_a_loop_starts_at_the_loop_and_an_empty_flowchart_completes_at_once()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var (host, started) = await RunAsync(database, "lone-loop", $$"""
            { "type": "Elsa.Flowchart", "id": "root", "connections": [],
              "activities": [
                { "type": "Elsa.ParallelForEach", "id": "each", "items": {{Js("[1, 2]")}}, "currentValue": { "memoryReference": { "id": "v-n" } },
                  "body": { "type": "Elsa.Flowchart", "id": "body",
                    "activities": [ { "type": "Elsa.FlowDecision", "id": "odd", "condition": {{Js("getN() % 2 === 1")}} },
                                    {{Say("odd-line", "getN() + ' is odd'")}}, {{Say("even-line", "getN() + ' is even'")}} ],
                    "connections": [ { "source": { "activity": "odd", "port": "True" }, "target": { "activity": "odd-line", "port": "In" } },
                                     { "source": { "activity": "odd", "port": "False" }, "target": { "activity": "even-line", "port": "In" } } ] } } ] }
            """, """[ { "id": "v-n", "name": "N", "typeName": "Int32" } ]""");
        await using var _ = host;
        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Equal(["1 is odd", "2 is even"], await LinesAsync(host, started.Id));

        var (empty, finished) = await RunAsync(database, "empty", """{ "type": "Elsa.Flowchart", "id": "root", "activities": [], "connections": [] }""");
        await using var __ = empty;
        Assert.Equal(WorkflowStatus.Finished, finished.Status);
    }

    [Fact]
    public async Task A_break_outside_any_loop_and_a_loop_without_body_are_refused_naming_their_path()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        var result = await host.PublishAsync($$"""
            { "definitionId": "bad-loops", "root": { "type": "Elsa.Sequence", "id": "root", "activities": [
                { "type": "Elsa.Break", "id": "stray" },
                { "type": "Elsa.While", "id": "empty", "condition": {{Js("true")}} } ] } }
            """);

        Assert.Contains(result.Problems, p => p.ActivityId == "stray" && p.Path == "root.activities[0]" && p.Message.Contains("outside any While or ForEach"));
        Assert.Contains(result.Problems, p => p.ActivityId == "empty" && p.Path == "root.activities[1].body" && p.Message.Contains("has no body"));
    }
}
