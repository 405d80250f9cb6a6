using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public class FlowchartTests
{
    private static string ForkJoin(string mode) => Definition("fork",
        [Activity("start", "Start"), Activity("fork", "Elsa.FlowFork", ("branches", Literal("A,B"))),
         Activity("a", "WaitForSignal", ("signal", Literal("A"))), Activity("b", "WaitForSignal", ("signal", Literal("B"))),
         Activity("join", "Elsa.FlowJoin", ("mode", Literal(mode))), Activity("end", "Finish")],
        [("start", "Done", "fork"), ("fork", "A", "a"), ("fork", "B", "b"), ("a", "Done", "join"), ("b", "Done", "join"), ("join", "Done", "end")]);

    private static async Task<(RuntimeHost Host, TestDatabase Database)> HostWith(string json)
    {
        var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(json);
        return (host, database);
    }

    [Fact]
    public async Task A_WaitAll_join_waits_for_every_branch()
    {
        var (host, database) = await HostWith(ForkJoin("WaitAll"));
        using var _ = database;
        await using var __ = host;
        var started = await host.Runtime.StartAsync(new StartRequest("fork", "f"));
        Assert.Equal(2, (await host.BookmarksAsync(started.Id)).Count);

        await host.Runtime.StimulateAsync(new Stimulus("A", "f"));
        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(started.Id)).Status);
        await host.Runtime.StimulateAsync(new Stimulus("B", "f"));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
    }

    [Fact]
    public async Task A_WaitAny_join_continues_on_the_first_branch_and_drops_the_others()
    {
        var (host, database) = await HostWith(ForkJoin("WaitAny"));
        using var _ = database;
        await using var __ = host;
        var started = await host.Runtime.StartAsync(new StartRequest("fork", "f"));

        await host.Runtime.StimulateAsync(new Stimulus("B", "f"));

        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
        Assert.Empty(await host.BookmarksAsync(started.Id));
        Assert.Equal(StimulusOutcome.Queued, (await host.Runtime.StimulateAsync(new Stimulus("A", "f"))).Outcome);
    }

    [Fact]
    public async Task A_WaitAll_join_does_not_wait_for_a_branch_a_decision_did_not_take()
    {
        var (host, database) = await HostWith(Definition("partial",
            [Activity("start", "Start"), Activity("fork", "Fork", ("branches", Literal(new[] { "A", "B" }))),
             Activity("a", "SetVariable", ("variable", "A"), ("value", Literal(true))),
             Activity("decide", "FlowDecision", ("condition", Js("false"))), Activity("b", "SetVariable", ("variable", "B"), ("value", Literal(true))),
             Activity("join", "FlowJoin", ("mode", Literal("WaitAll"))), Activity("end", "Finish")],
            [("start", "Done", "fork"), ("fork", "A", "a"), ("fork", "B", "decide"), ("decide", "True", "b"), ("a", "Done", "join"), ("b", "Done", "join"), ("join", "Done", "end")]));
        using var _ = database;
        await using var __ = host;

        var started = await host.Runtime.StartAsync(new StartRequest("partial"));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Contains(await host.JournalAsync(started.Id), j => j.ActivityId == "join" && j.Event == "Completed");
    }

    [Theory]
    [InlineData(3, "Small")]
    [InlineData(30, "Large")]
    [InlineData(-1, "Default")]
    public async Task A_Switch_follows_the_port_of_the_first_matching_case(int n, string expected)
    {
        var @switch = Activity("switch", "Elsa.FlowSwitch");
        @switch["cases"] = new JsonArray(
            new JsonObject { ["label"] = "Small", ["condition"] = Js("input.n >= 0 && input.n < 10") },
            new JsonObject { ["label"] = "Large", ["condition"] = Js("input.n >= 10") });
        var (host, database) = await HostWith(Definition("switch",
            [Activity("start", "Start"), @switch, Activity("set", "SetVariable", ("variable", "Size"), ("value", Js("payload")))],
            [("start", "Done", "switch"), ("switch", "Small", "set"), ("switch", "Large", "set"), ("switch", "Default", "set")]));
        using var _ = database;
        await using var __ = host;

        var started = await host.Runtime.StartAsync(new StartRequest("switch", Input: new JsonObject { ["n"] = n }));

        var outcome = Assert.Single(await host.JournalAsync(started.Id), j => j.ActivityId == "switch").Detail;
        Assert.Equal(expected, outcome);
    }

    [Fact]
    public async Task SendEmail_puts_a_Liquid_rendered_mail_in_the_outbox()
    {
        var (host, database) = await HostWith(Definition("mail",
            [Activity("start", "Start"),
             Activity("mail", "Elsa.SendEmail", ("to", Js("[input.email, 'office@example.org']")), ("subject", Liquid("Dossier {{ CorrelationId }} received")),
                 ("body", Liquid("Hello {{ Input.name }}, your dossier is {{ Variables.State }}."))),
             Activity("end", "Finish")],
            [("start", "Done", "mail"), ("mail", "Done", "end")], new JsonObject { ["State"] = "complete" }));
        using var _ = database;
        await using var __ = host;

        await host.Runtime.StartAsync(new StartRequest("mail", "D-12", new JsonObject { ["email"] = "ana@example.org", ["name"] = "Ana" }));

        var mail = Assert.Single(host.Outbox.Mails);
        Assert.Equal(["ana@example.org", "office@example.org"], mail.To.Select(t => t.Address));
        Assert.Equal(("Dossier D-12 received", "Hello Ana, your dossier is complete.", "D-12"), (mail.Subject, mail.TextBody, mail.CorrelationId));
    }
}
