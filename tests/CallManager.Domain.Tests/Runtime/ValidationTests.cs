using System.Text.Json.Nodes;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

public class ValidationTests
{
    private static readonly DefinitionLoader Loader = new ServiceCollection().AddLogging().AddRuntime().BuildServiceProvider().GetRequiredService<DefinitionLoader>();

    private static string Only(string json)
    {
        var result = Loader.Load("workflows/x.json", json);
        Assert.Null(result.Definition);
        return Assert.Single(result.Problems).ToString();
    }

    /// <summary>start → each of <paramref name="middle"/> → end.</summary>
    private static string Linear(params JsonObject[] middle)
    {
        var ids = middle.Select(m => m["id"]!.ToString()).Prepend("start").Append("end").ToList();
        return Definition("x", [Activity("start", "Start"), .. middle, Activity("end", "Finish")], [.. ids.Zip(ids.Skip(1), (a, b) => (a, "Done", b))]);
    }

    [Fact]
    public void A_valid_definition_has_no_problem() =>
        Assert.Empty(Loader.Load("workflows/x.json", Linear(Activity("wait", "WaitForSignal", ("signal", Literal("Go"))))).Problems);

    [Fact]
    public void Invalid_JSON_is_refused() =>
        Assert.StartsWith("workflows/x.json: is not valid JSON (", Only("{ \"definitionId\": "));

    [Fact]
    public void A_missing_definition_id_is_refused() =>
        Assert.Equal("workflows/x.json (at definitionId): has no \"definitionId\". Add one, e.g. \"definitionId\": \"approval\".",
            Only(Linear().Replace("\"definitionId\": \"x\",", "")));

    [Fact]
    public void A_root_that_is_not_an_activity_is_refused() => // a Sequence or a single activity are roots too now (issue 15)
        Assert.Equal("workflows/x.json (at root): is missing or not an object. Add \"root\": { \"type\": \"Elsa.Flowchart\", \"activities\": [...], \"connections\": [...] } (a Sequence or a single activity also work).",
            Only("{ \"definitionId\": \"x\", \"root\": [ { \"type\": \"Elsa.Sequence\" } ] }"));

    [Fact]
    public void An_unknown_activity_type_is_refused()
    {
        var problem = Only(Linear(Activity("http", "Elsa.RunCSharp"))); // HttpEndpoint, the example before, is implemented now (issue 15)
        Assert.Equal("workflows/x.json: activity 'http' (at root.activities[1].type): Elsa activity `Elsa.RunCSharp` is not implemented here. " +
                     "Replace it with an activity CallManager runs (README, \"Workflow runtime\") or remove it.", problem); // named as Elsa's, no longer our list (issue 15)
    }

    [Fact]
    public void An_activity_without_id_is_refused()
    {
        var json = Linear(Activity("a", "SetVariable", ("variable", "V"), ("value", Literal(1)))).Replace("\"id\": \"a\",", "");
        var problems = Loader.Load("workflows/x.json", json).Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("workflows/x.json (at root.activities[1]): has no \"id\". Give every activity a unique id.", problems);
    }

    [Fact]
    public void A_duplicate_activity_id_is_refused() =>
        Assert.Equal("workflows/x.json: activity 'end' (at root.activities[2]): is declared twice. Give each activity a unique id.",
            Only(Definition("x", [Activity("start", "Start"), Activity("end", "Finish"), Activity("end", "Finish")], [("start", "Done", "end")])));

    [Fact]
    public void A_missing_required_input_is_refused() =>
        Assert.Equal("workflows/x.json: activity 'decide' (at root.activities[1].condition): misses required input 'condition' of FlowDecision. Add \"condition\": { \"typeName\": \"...\", \"expression\": { \"type\": \"Literal\", \"value\": ... } }.",
            Only(Definition("x", [Activity("start", "Start"), Activity("decide", "Elsa.FlowDecision"), Activity("end", "Finish")],
                [("start", "Done", "decide"), ("decide", "True", "end")])));

    [Fact]
    public void JavaScript_that_does_not_parse_is_refused() =>
        Assert.StartsWith("workflows/x.json: activity 'set' (at root.activities[1].value.expression.value): input 'value': the JavaScript expression does not parse (",
            Only(Linear(Activity("set", "SetVariable", ("variable", "V"), ("value", Js("1 +* 2"))))));

    [Fact]
    public void Liquid_that_does_not_parse_is_refused() =>
        Assert.StartsWith("workflows/x.json: activity 'set' (at root.activities[1].value.expression.value): input 'value': the Liquid expression does not parse (",
            Only(Linear(Activity("set", "SetVariable", ("variable", "V"), ("value", Liquid("Hello {% if %}"))))));

    [Fact]
    public void An_unknown_expression_type_is_refused()
    {
        var value = Literal(1);
        value["expression"]!["type"] = "Python";
        Assert.Equal("workflows/x.json: activity 'set' (at root.activities[1].value.expression.type): input 'value' has unknown expression type 'Python'. Use one of Literal, JavaScript, Liquid, Variable, Object, Json.",
            Only(Linear(Activity("set", "SetVariable", ("variable", "V"), ("value", value)))));
    }

    [Fact]
    public void A_connection_to_a_missing_activity_is_refused() =>
        Assert.Equal("workflows/x.json: activity 'start' (at root.connections[1].target): connection 'start' (port Done) → 'nowhere' goes to an activity that does not exist. Fix \"target.activity\" or add the activity.",
            Only(Definition("x", [Activity("start", "Start"), Activity("end", "Finish")], [("start", "Done", "end"), ("start", "Done", "nowhere")])));

    [Fact]
    public void A_connection_from_a_missing_activity_is_refused() =>
        Assert.Equal("workflows/x.json: activity 'ghost' (at root.connections[1].source): connection 'ghost' (port Done) → 'end' leaves from an activity that does not exist. Fix \"source.activity\" or add the activity.",
            Only(Definition("x", [Activity("start", "Start"), Activity("end", "Finish")], [("start", "Done", "end"), ("ghost", "Done", "end")])));

    [Fact]
    public void A_duplicate_connection_is_refused() =>
        Assert.Equal("workflows/x.json: activity 'start' (at root.connections[1]): connection 'start' (port Done) → 'end' is declared twice. Remove one of them.",
            Only(Definition("x", [Activity("start", "Start"), Activity("end", "Finish")], [("start", "Done", "end"), ("start", "Done", "end")])));

    [Fact]
    public void A_connection_from_a_port_the_activity_does_not_have_is_refused() =>
        Assert.Equal("workflows/x.json: activity 'decide' (at root.connections[1].source): connection 'decide' (port Yes) → 'end' leaves from port 'Yes', which FlowDecision does not have. Use one of: True, False.",
            Only(Definition("x", [Activity("start", "Start"), Activity("decide", "FlowDecision", ("condition", Js("true"))), Activity("end", "Finish")],
                [("start", "Done", "decide"), ("decide", "Yes", "end")])));

    [Fact]
    public void An_unreachable_activity_is_refused() =>
        Assert.Equal("workflows/x.json: activity 'orphan' (at root.activities[2]): is unreachable from the start activity 'start'. Connect it or remove it.",
            Only(Definition("x", [Activity("start", "Start"), Activity("end", "Finish"), Activity("orphan", "Finish")], [("start", "Done", "end")])));

    [Fact]
    public void Several_entry_points_without_a_Start_are_refused() =>
        Assert.Equal("workflows/x.json (at root): has 2 activities without inbound connections (a, b). Add a Start activity, or connect all but one.",
            Only(Definition("x", [Activity("a", "Finish"), Activity("b", "Finish")], [])));

    [Fact]
    public void Two_Start_activities_are_refused() =>
        Assert.Equal("workflows/x.json: activity 'start2' (at root.activities[1]): is a second Start activity (after 'start'). A flowchart has one Start.",
            Only(Definition("x", [Activity("start", "Start"), Activity("start2", "Start"), Activity("end", "Finish")], [("start", "Done", "end"), ("start2", "Done", "end")])));

    [Fact]
    public void A_trigger_on_an_activity_that_cannot_start_a_workflow_is_refused()
    {
        var set = Activity("set", "SetVariable", ("variable", "V"), ("value", Literal(1)));
        set["canStartWorkflow"] = true;
        Assert.Equal("workflows/x.json: activity 'set' (at root.activities[1].canStartWorkflow): has \"canStartWorkflow\": true, but only WaitForSignal (or Event), Timer, Cron, StartAt and HttpEndpoint can start a workflow. Remove the flag or change the type.",
            Only(Linear(set)));
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once()
    {
        var json = Definition("x", [Activity("start", "Start"), Activity("decide", "FlowDecision"), Activity("odd", "Nope")],
            [("start", "Done", "decide"), ("decide", "Maybe", "start")]);
        var problems = Loader.Load("workflows/x.json", json).Problems.Select(p => p.ActivityId).ToList();
        Assert.Equal(["decide", "odd", "decide", "odd"], problems); // odd: unknown type, then unreachable
    }
}
