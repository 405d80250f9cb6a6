using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>Nothing written in a definition makes the loader throw: each odd shape is a problem naming the file, the activity and the JSON path.</summary>
public class DefinitionRobustnessTests
{
    private static readonly DefinitionLoader Loader = new ServiceCollection().AddLogging().AddRuntime().BuildServiceProvider().GetRequiredService<DefinitionLoader>();

    private const string Start = """{ "id": "start", "type": "Elsa.Start" }""";
    private const string End = """{ "id": "end", "type": "Elsa.End" }""";

    private static string Flowchart(string activities, string connections, string extra = "") =>
        $$"""{ "definitionId": "odd", {{extra}} "root": { "type": "Elsa.Flowchart", "activities": [ {{activities}} ], "connections": {{connections}} } }""";

    public static TheoryData<string, string> OddShapes() => new()
    {
        { Flowchart($"{Start},{End}", """[ "start" ]"""), "root.connections[0]" },
        { Flowchart($"{Start},{End}", """[ { "source": 12, "target": { "activity": "end" } } ]"""), "root.connections[0]" },
        { Flowchart($"{Start},{End}", """[ { "source": "start", "sourcePort": "Done" } ]"""), "root.connections[0]" },
        { Flowchart($"{Start},{End}", """{ "source": "start" }"""), "root.connections" },
        { Flowchart($$"""{{Start}}, { "id": "s", "type": "Elsa.FlowSwitch", "cases": [ { "label": 3, "condition": 4 } ] }""", """[]"""), "root.activities[1]" },
        { Flowchart($$"""{{Start}}, { "id": "v", "type": "Elsa.SetVariable", "variable": { "name": 5 }, "value": 1 }""", """[ { "source": "start", "target": "v" } ]"""), "root.activities[1].variable" },
        { Flowchart($"{Start},{End}", """[]""", """ "variables": { "a": 1 }, """), "variables" },
        { Flowchart($"{Start},{End}", """[]""", """ "variables": [ { "name": "N", "typeName": "Int32", "value": "many" } ], """), "variables[0].value" },
        { Flowchart($$"""{{Start}}, { "id": 7, "type": "Elsa.End" }""", """[]"""), "root.activities[1]" },
        { Flowchart($$"""{ "id": "start", "type": "Elsa.Start", "customProperties": "yes" }, { "id": "j", "type": "Elsa.FlowJoin", "mode": { "typeName": "FlowJoinMode", "expression": { "type": "Literal", "value": "WaitSome" } } }""",
            """[ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "j", "port": "In" } } ]"""), "root.activities[1].mode" },
        { """{ "definitionId": "odd", "root": [ 1, 2 ] }""", "root" },
        { """{ "definitionId": "odd", "root": { "type": "Elsa.Flowchart", "activities": { "start": {} } } }""", "root.activities" },
        { """{ "definitionId": "odd", "root": { "type": "Elsa.Sequence", "activities": [ { "id": "d", "type": "Elsa.FlowDecision", "condition": { "typeName": "Boolean", "expression": { "type": "Literal", "value": true } } }, { "id": "e", "type": "Elsa.End" } ] } }""", "root.activities[0]" },
        { Flowchart($$"""{{Start}}, { "id": "cs", "type": "Elsa.FlowDecision", "condition": { "typeName": "Boolean", "expression": { "type": "CSharp", "value": "true" } } }""", """[ { "source": "start", "target": "cs" } ]"""), "root.activities[1].condition.expression.type" },
    };

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void An_odd_shape_is_a_problem_with_its_path_never_an_exception(string json, string path)
    {
        var result = Loader.Load("workflows/odd.json", json);

        Assert.Null(result.Definition);
        Assert.All(result.Problems, p => Assert.Equal("workflows/odd.json", p.File));
        Assert.Contains(result.Problems, p => p.Path == path);
    }

    [Fact]
    public void An_Elsa_activity_we_do_not_run_is_named_as_such()
    {
        var result = Loader.Load("workflows/odd.json", Flowchart($$"""{{Start}}, { "id": "http", "type": "Elsa.RunCSharp" }""", // HttpEndpoint, the example before, is implemented now (issue 15)
            """[ { "source": "start", "target": "http", "sourcePort": "Done", "targetPort": "In" } ]"""));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("workflows/odd.json: activity 'http' (at root.activities[1].type): Elsa activity `Elsa.RunCSharp` is not implemented here. " +
                     "Replace it with an activity CallManager runs (README, \"Workflow runtime\") or remove it.", problem.ToString());
    }

    [Fact]
    public void A_join_mode_we_do_not_run_is_refused_saying_which_ones_we_do()
    {
        var result = Loader.Load("workflows/odd.json", Flowchart(
            $$"""{{Start}}, { "id": "j", "type": "Elsa.FlowJoin", "mode": { "typeName": "FlowJoinMode", "expression": { "type": "Literal", "value": "WaitSome" } } }""",
            """[ { "source": "start", "target": "j" } ]"""));

        Assert.Equal("workflows/odd.json: activity 'j' (at root.activities[1].mode): has join mode 'WaitSome', which is not run here. " +
                     "Use \"WaitAny\" (Elsa's default: go on at the first branch), \"WaitAllActive\" (also \"WaitAll\": wait for every branch that was taken) " +
                     "or \"WaitAllInbound\" (wait for every inbound connection, taken or not).",
            Assert.Single(result.Problems).ToString());
    }
}
