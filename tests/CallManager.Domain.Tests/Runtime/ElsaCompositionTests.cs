using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Outbox;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// Workflows made of workflows, written as Elsa 3 exports them: SetOutput and declared outputs, ExecuteWorkflow and DispatchWorkflow
/// (child instances, waiting or not, a child suspended across a restart, a faulted child), and a published definition used as an
/// activity (its inputs, outputs and outcomes as ports), each checked against the journals of parent and child.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class ElsaCompositionTests
{
    /// <summary>A definition with Elsa's declared <c>inputs</c>, <c>outputs</c> and <c>outcomes</c> added.</summary>
    private static string Declaring(string json, string[]? inputs = null, string[]? outputs = null, string[]? outcomes = null)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        static JsonArray Declared(string[]? names) => new([.. (names ?? []).Select(n => (JsonNode)new JsonObject
        {
            ["type"] = "Object", ["name"] = n, ["displayName"] = n, ["description"] = "", ["isArray"] = false,
        })]);
        document["inputs"] = Declared(inputs);
        document["outputs"] = Declared(outputs);
        document["outcomes"] = new JsonArray([.. (outcomes ?? []).Select(o => (JsonNode?)JsonValue.Create(o))]);
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>An Elsa output reference: the activity's output stored into the variable or workflow output with this id.</summary>
    private static JsonObject Into(string id) => new() { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = id } };

    /// <summary>Elsa's ExecuteWorkflow of <paramref name="child"/>, its result into variable Outcome.</summary>
    private static JsonObject Execute(string id, string child, string input, string? correlationId, bool wait, string type = "Elsa.ExecuteWorkflow") =>
        Activity(id, type, ("workflowDefinitionId", Literal(child)), ("input", Js(input)), ("correlationId", Literal(correlationId)),
            ("waitForCompletion", Literal(wait)), ("result", Into("Outcome")));

    /// <summary>review: says its input Message, waits for Approve, then sets output Verdict.</summary>
    private static string Review() => Declaring(Definition("review",
        [Activity("start", "Elsa.Start"), Activity("say", "Elsa.WriteLine", ("text", Js("'Child: ' + getMessage()"))),
         Activity("approve", "Elsa.Event", ("eventName", Literal("Approve"))),
         Activity("verdict", "Elsa.SetOutput", ("outputName", Literal("Verdict")), ("outputValue", Literal("approved"))), Activity("end", "Elsa.End")],
        [("start", "Done", "say"), ("say", "Done", "approve"), ("approve", "Done", "verdict"), ("verdict", "Done", "end")]), ["Message"], ["Verdict"]);

    private static string Parent(JsonObject execute, string afterwards) => Definition("submit",
        [Activity("start", "Elsa.Start"), execute, Activity("after", "Elsa.WriteLine", ("text", Js(afterwards))), Activity("end", "Elsa.End")],
        [("start", "Done", "start-child"), ("start-child", "Done", "after"), ("after", "Done", "end")], new JsonObject { ["Outcome"] = null });

    private static async Task<WorkflowQueries.InstanceDetails> DetailsAsync(RuntimeHost host, Guid id) =>
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(id));

    private static async Task<List<string>> NotesAsync(RuntimeHost host, Guid id) =>
        [.. (await host.JournalAsync(id)).Where(j => j.Event == "Note").Select(j => j.Detail ?? "")];

    private static JsonNode? Variable(WorkflowInstance instance, string name) => JsonNode.Parse(instance.VariablesJson)![name];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task SetOutput_stores_a_declared_output_read_through_the_instance_query(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Declaring(Definition("sum",
            [Activity("start", "Elsa.Start"), Activity("go", "Elsa.Event", ("eventName", Literal("Go"))),
             Activity("set", "Elsa.SetOutput", ("outputName", Literal("Sum")), ("outputValue", Js("getA() + getB()"))), Activity("end", "Elsa.End")],
            [("start", "Done", "go"), ("go", "Done", "set"), ("set", "Done", "end")]), ["A", "B"], ["Sum"]));

        var started = await host.Runtime.StartAsync(new StartRequest("sum", "s-1", new JsonObject { ["A"] = 2, ["B"] = 40 }));
        var before = await DetailsAsync(host, started.Id);
        await host.Runtime.StimulateAsync(new Stimulus("Go", "s-1")); // on SQLite, the group-commit path writes the output

        var details = await DetailsAsync(host, started.Id);
        Assert.Empty(before.Output!.AsObject());
        Assert.Equal(WorkflowStatus.Finished, details.Instance.Status);
        Assert.Equal(42, details.Output!["Sum"]!.GetValue<int>());
        Assert.Null(details.ParentInstanceId);
        Assert.Empty(details.Children!);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ExecuteWorkflow_waits_for_a_child_suspended_across_a_restart_then_gets_its_output(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        Guid parentId, childId;
        await using (var first = RuntimeHost.Create(database))
        {
            await first.PublishValidAsync(Review(), "workflows/review.json");
            await first.PublishValidAsync(Parent(Execute("start-child", "review", "({ Message: 'dossier 7' })", "review-7", wait: true),
                "'Verdict: ' + getOutcome().Verdict"), "workflows/submit.json");

            var started = await first.Runtime.StartAsync(new StartRequest("submit", "dossier-7"));

            parentId = started.Id;
            Assert.Equal(WorkflowStatus.Suspended, started.Status);
            var child = Assert.Single((await DetailsAsync(first, parentId)).Children!);
            childId = child.Id;
            Assert.Equal(("review", WorkflowStatus.Suspended, "review-7"), (child.DefinitionId, child.Status, child.CorrelationId));
            Assert.Equal(["Child: dossier 7"], await NotesAsync(first, childId));
        }

        await using var second = RuntimeHost.Create(database); // a restart: only the database remains
        await second.Runtime.StimulateAsync(new Stimulus("Approve", "review-7"));

        var parent = await DetailsAsync(second, parentId);
        var childDetails = await DetailsAsync(second, childId);
        Assert.Equal(WorkflowStatus.Finished, parent.Instance.Status);
        Assert.Equal((WorkflowStatus.Finished, parentId), (childDetails.Instance.Status, childDetails.ParentInstanceId));
        Assert.Equal("approved", childDetails.Output!["Verdict"]!.GetValue<string>());
        Assert.Equal("Verdict: approved", (await NotesAsync(second, parentId)).Last());
        var parentJournal = (await second.JournalAsync(parentId)).Select(j => $"{j.ActivityId}:{j.Event}").ToList();
        Assert.Equal([":Started", "start:Completed", "start-child:Note", "start-child:Suspended", "start-child:Resumed", "start-child:Note",
            "start-child:Completed", "after:Note", "after:Completed", "end:Completed", ":Finished"], parentJournal);
        var childJournal = (await second.JournalAsync(childId)).Select(j => $"{j.ActivityId}:{j.Event}").ToList();
        Assert.Equal([":Started", "start:Completed", "say:Note", "say:Completed", "approve:Suspended", "approve:Resumed", "approve:Completed",
            "verdict:Completed", "end:Completed", ":Finished"], childJournal);
        Assert.Equal(parentId.ToString(), JsonNode.Parse((await second.InstanceAsync(childId)).InputJson)!["ParentInstanceId"]!.GetValue<string>());
        await using var db = second.NewContext();
        Assert.All(await db.Set<WorkflowOutboxItem>().AsNoTracking().ToListAsync(), item => Assert.NotNull(item.DeliveredAt));
    }

    [Fact]
    public async Task ExecuteWorkflow_of_a_child_that_ends_at_once_gives_Elsa_s_result_and_the_parent_goes_on()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Declaring(Definition("adder",
            [Activity("start", "Elsa.Start"), Activity("set", "Elsa.SetOutput", ("outputName", Literal("Sum")), ("outputValue", Js("getA() + getB()")))],
            [("start", "Done", "set")]), ["A", "B"], ["Sum"]), "workflows/adder.json");
        await host.PublishValidAsync(Parent(Execute("start-child", "adder", "({ A: 1, B: 2 })", null, wait: true), "'Sum: ' + getOutcome().output.Sum"));

        var started = await host.Runtime.StartAsync(new StartRequest("submit", "p-1"));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        var outcome = Variable(await host.InstanceAsync(started.Id), "Outcome")!;
        Assert.Equal(("Finished", "Finished", 3), (outcome["status"]!.GetValue<string>(), outcome["subStatus"]!.GetValue<string>(), outcome["output"]!["Sum"]!.GetValue<int>()));
        var child = Assert.Single((await DetailsAsync(host, started.Id)).Children!);
        Assert.Equal(child.Id.ToString(), outcome["workflowInstanceId"]!.GetValue<string>());
        Assert.Equal("Sum: 3", (await NotesAsync(host, started.Id)).Last());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_child_faulting_later_keeps_its_incident_and_its_parent_goes_on_as_Elsa_does(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Definition("fragile",
            [Activity("start", "Elsa.Start"), Activity("wait", "Elsa.Event", ("eventName", Literal("Go"))), Activity("fail", "Elsa.Fault", ("message", Literal("no budget line")))],
            [("start", "Done", "wait"), ("wait", "Done", "fail")]), "workflows/fragile.json");
        await host.PublishValidAsync(Parent(Execute("start-child", "fragile", "({})", "f-1", wait: true), "'after the child'"));
        var started = await host.Runtime.StartAsync(new StartRequest("submit", "p-1"));

        await host.Runtime.StimulateAsync(new Stimulus("Go", "f-1"));

        var child = Assert.Single((await DetailsAsync(host, started.Id)).Children!);
        var childDetails = await DetailsAsync(host, child.Id);
        Assert.Equal(WorkflowStatus.Faulted, childDetails.Instance.Status);
        Assert.Contains("no budget line", Assert.Single(childDetails.Incidents).Message);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
        Assert.Equal([$"child instance {child.Id} ended (Faulted)", "after the child"], (await NotesAsync(host, started.Id)).Skip(1));
    }

    [Fact]
    public async Task A_child_faulting_in_its_first_step_is_recorded_in_the_parent_s_commit_and_the_parent_sees_Faulted()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Definition("broken",
            [Activity("start", "Elsa.Start"), Activity("fail", "Elsa.Fault", ("message", Literal("at once")))], [("start", "Done", "fail")]), "workflows/broken.json");
        await host.PublishValidAsync(Parent(Execute("start-child", "broken", "({})", null, wait: true), "'sub-status ' + getOutcome().subStatus"));

        var started = await host.Runtime.StartAsync(new StartRequest("submit", "p-2"));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        var child = Assert.Single((await DetailsAsync(host, started.Id)).Children!);
        Assert.Equal(WorkflowStatus.Faulted, child.Status);
        Assert.Contains("at once", Assert.Single((await DetailsAsync(host, child.Id)).Incidents).Message);
        Assert.Equal("sub-status Faulted", (await NotesAsync(host, started.Id)).Last());
    }

    [Fact]
    public async Task A_child_resumed_by_its_timer_resumes_its_parent_and_a_cancelled_one_too()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Declaring(Definition("later",
            [Activity("start", "Elsa.Start"), Activity("pause", "Elsa.Delay", ("timeSpan", Literal("01:00:00"))),
             Activity("set", "Elsa.SetOutput", ("outputName", Literal("Done")), ("outputValue", Literal(true)))],
            [("start", "Done", "pause"), ("pause", "Done", "set")]), outputs: ["Done"]), "workflows/later.json");
        await host.PublishValidAsync(Parent(Execute("start-child", "later", "({})", null, wait: true), "'done: ' + getOutcome().Done"));
        var timed = await host.Runtime.StartAsync(new StartRequest("submit", "p-4"));
        var cancelled = await host.Runtime.StartAsync(new StartRequest("submit", "p-5"));
        var cancelledChild = Assert.Single((await DetailsAsync(host, cancelled.Id)).Children!);

        host.Clock.Advance(TimeSpan.FromHours(2));
        await host.Runtime.CancelAsync(cancelledChild.Id, "no longer needed");
        await host.RunScheduledJobsAsync();

        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(timed.Id)).Status);
        Assert.Equal("done: true", (await NotesAsync(host, timed.Id)).Last());
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(cancelled.Id)).Status);
        Assert.Contains($"child instance {cancelledChild.Id} ended (Cancelled)", await NotesAsync(host, cancelled.Id));
    }

    [Fact]
    public async Task DispatchWorkflow_without_waiting_completes_at_once_and_its_child_runs_on_its_own()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Review(), "workflows/review.json");
        await host.PublishValidAsync(Parent(Execute("start-child", "review", "({ Message: 'fire and forget' })", "r-9", wait: false, "Elsa.DispatchWorkflow"), "'dispatched'"));

        var started = await host.Runtime.StartAsync(new StartRequest("submit", "p-3"));
        var child = Assert.Single((await DetailsAsync(host, started.Id)).Children!);
        await host.Runtime.StimulateAsync(new Stimulus("Approve", "r-9"));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Equal(WorkflowStatus.Suspended, child.Status);
        var childInstance = await host.InstanceAsync(child.Id);
        Assert.Equal((WorkflowStatus.Finished, started.Id, false), (childInstance.Status, childInstance.ParentInstanceId, childInstance.NotifiesParent));
        Assert.Equal(["Child: fire and forget"], await NotesAsync(host, child.Id));
        await using var db = host.NewContext();
        Assert.Empty(await db.Set<WorkflowOutboxItem>().AsNoTracking().ToListAsync()); // nobody waits: no notice
    }

    /// <summary>triage: input Amount, output Band, outcomes Small and Large (Elsa's Complete with outcomes).</summary>
    private static string Triage() => Declaring(Definition("triage",
        [Activity("start", "Elsa.Start"), Activity("big", "Elsa.FlowDecision", ("condition", Js("getAmount() > 1000"))),
         Activity("large", "Elsa.SetOutput", ("outputName", Literal("Band")), ("outputValue", Literal("large"))),
         Activity("small", "Elsa.SetOutput", ("outputName", Literal("Band")), ("outputValue", Literal("small"))),
         Activity("to-large", "Elsa.Complete", ("outcomes", new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"Large\"]" } })),
         Activity("to-small", "Elsa.Complete", ("outcomes", new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"Small\"]" } }))],
        [("start", "Done", "big"), ("big", "True", "large"), ("big", "False", "small"), ("large", "Done", "to-large"), ("small", "Done", "to-small")]),
        ["Amount"], ["Band"], ["Small", "Large"]);

    /// <summary>The triage definition used as an activity, the way Elsa Studio writes it.</summary>
    private static JsonObject UseTriage(string amount, string definitionId = "triage") => new()
    {
        ["workflowDefinitionId"] = definitionId, ["workflowDefinitionVersionId"] = "triage-v1", ["latestAvailablePublishedVersion"] = 1,
        ["latestAvailablePublishedVersionId"] = "triage-v1", ["id"] = "triage1", ["name"] = "Triage1", ["type"] = "Triage", ["version"] = 1,
        ["amount"] = Js(amount), ["band"] = Into("Band"),
    };

    private static string Router(string amount, string definitionId = "triage", string largePort = "Large") => Definition("router",
        [Activity("start", "Elsa.Start"), UseTriage(amount, definitionId),
         Activity("on-large", "Elsa.WriteLine", ("text", Js("'large: ' + getBand()"))), Activity("on-small", "Elsa.WriteLine", ("text", Js("'small: ' + getBand()")))],
        [("start", "Done", "triage1"), ("triage1", largePort, "on-large"), ("triage1", "Small", "on-small")], new JsonObject { ["Band"] = null });

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "2500", "large: large", "Large")]
    [InlineData(DatabaseProvider.PostgreSql, "12", "small: small", "Small")]
    public async Task A_definition_used_as_an_activity_gets_its_inputs_and_leaves_by_the_outcome_it_completed_with(DatabaseProvider provider, string amount, string note, string outcome)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Triage(), "workflows/triage.json");
        await host.PublishValidAsync(Router(amount), "workflows/router.json");

        var started = await host.Runtime.StartAsync(new StartRequest("router", "r-1"));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Equal(note, (await NotesAsync(host, started.Id)).Last());
        Assert.Contains(await host.JournalAsync(started.Id), j => (j.ActivityId, j.Event, j.Detail) == ("triage1", "Completed", outcome));
        var child = Assert.Single((await DetailsAsync(host, started.Id)).Children!);
        Assert.Equal(("triage", WorkflowStatus.Finished), (child.DefinitionId, child.Status));
        Assert.Contains(await host.JournalAsync(child.Id), j => j.Event == "Completed" && j.Detail == $"FinishWorkflow:{outcome}");
        Assert.Equal(amount, JsonNode.Parse((await host.InstanceAsync(child.Id)).InputJson)!["Amount"]!.ToString());
    }

    [Fact]
    public async Task A_definition_used_as_an_activity_whose_run_faults_faults_its_parent_with_an_incident()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Declaring(Definition("triage",
            [Activity("start", "Elsa.Start"), Activity("fail", "Elsa.Fault", ("message", Literal("no rule for this amount")))], [("start", "Done", "fail")]),
            ["Amount"], ["Band"], ["Small", "Large"]), "workflows/triage.json");
        await host.PublishValidAsync(Router("5"), "workflows/router.json");

        var started = await host.Runtime.StartAsync(new StartRequest("router", "r-2"));

        var parent = await DetailsAsync(host, started.Id);
        Assert.Equal(WorkflowStatus.Faulted, parent.Instance.Status);
        var incident = Assert.Single(parent.Incidents);
        Assert.Equal("triage1", incident.ActivityId);
        Assert.Contains("no rule for this amount", incident.Message);
    }

    [Fact]
    public async Task A_parent_before_its_child_in_one_folder_validates_and_publishes_and_unknown_definitions_or_ports_are_refused_where_they_are()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        var folder = Path.Combine(Path.GetTempPath(), "cm-tests", "composed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "workflows"));
        File.WriteAllText(Path.Combine(folder, "workflows", "a-router.json"), Router("1"));
        File.WriteAllText(Path.Combine(folder, "workflows", "b-triage.json"), Triage());
        File.WriteAllText(Path.Combine(folder, "workflows", "c-orphan.json"), Router("1", definitionId: "missing").Replace("\"router\"", "\"orphan\""));
        File.WriteAllText(Path.Combine(folder, "workflows", "d-port.json"), Router("1", largePort: "Medium").Replace("\"router\"", "\"ported\""));
        var files = host.Services.GetRequiredService<DefinitionFiles>();

        var validated = files.Validate(folder, files.Find(folder)).ToDictionary(r => r.File, r => r.Problems);
        var published = await host.InScopeAsync(s => files.PublishAsync(CallManager.Runtime.Storage.RuntimeStorage.RuntimeDb(s), folder, files.Find(folder)));

        Assert.Empty(validated["workflows/a-router.json"]);
        Assert.Empty(validated["workflows/b-triage.json"]);
        var orphan = Assert.Single(validated["workflows/c-orphan.json"]);
        Assert.Equal(("triage1", "root.activities[1].workflowDefinitionId"), (orphan.ActivityId, orphan.Path));
        Assert.StartsWith("uses workflow definition 'missing' (activity type 'Triage'), which is neither among the files checked with this one nor published.", orphan.Message);
        var port = Assert.Single(validated["workflows/d-port.json"]);
        Assert.Equal(("triage1", "root.activities[1]"), (port.ActivityId, port.Path));
        Assert.StartsWith("leaves by port 'Medium', which workflow definition 'triage' does not have (its outcomes: Small, Large, Done).", port.Message);
        Assert.Equal([PublishOutcome.Published, PublishOutcome.Published, PublishOutcome.Refused, PublishOutcome.Refused], published.Select(p => p.Outcome));
        Assert.Equal(orphan.ToString(), Assert.Single(published[2].Problems).ToString());
        Directory.Delete(folder, recursive: true);
    }
}
