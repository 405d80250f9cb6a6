using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Http;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// Elsa's HTTP activities in Elsa-shaped definitions: HttpEndpoint as a trigger and mid-flow (through the runtime's HTTP stimulus,
/// as the web host calls it), WriteHttpResponse, and SendHttpRequest / FlowSendHttpRequest against a real Kestrel server on 127.0.0.1.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class ElsaHttpTests
{
    /// <summary>Elsa binds an output to a variable by the variable's id: give every test variable an id equal to its name.</summary>
    private static string WithVariableIds(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        foreach (var variable in document["variables"]!.AsArray().OfType<JsonObject>()) variable["id"] = variable["name"]!.GetValue<string>() + "-id";
        return document.ToJsonString();
    }

    private static JsonObject Output(string variable) => new() { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = variable + "-id" } };

    private static JsonObject Trigger(JsonObject activity)
    {
        activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        return activity;
    }

    private static HttpRequestStimulus Request(string method, string path, string? body = null, string? correlationId = null, Guid? instanceId = null,
        Dictionary<string, string>? query = null) =>
        new(method, path, query ?? [], new Dictionary<string, string> { ["X-Source"] = "test" }, body, body is null ? null : "application/json", correlationId, instanceId);

    private static async Task<HttpWorkflowResult?> SendAsync(RuntimeHost host, HttpRequestStimulus request)
    {
        var workflows = host.Services.GetRequiredService<HttpWorkflows>();
        return await workflows.MatchAsync(request) is { } match ? await workflows.RunAsync(match, request) : null;
    }

    /// <summary>HttpEndpoint(POST orders/{id}, trigger) → WriteHttpResponse(201, JSON built from the outputs).</summary>
    private static string OrderEndpoint() => WithVariableIds(Definition("orders",
        [Trigger(Activity("endpoint", "Elsa.HttpEndpoint", ("path", Literal("orders/{id}")), ("supportedMethods", Expression("Object", "[\"POST\"]")),
            ("authorize", Literal(false)), ("parsedContent", Output("Order")), ("routeData", Output("Route")), ("queryStringData", Output("Query")),
            ("headers", Output("Headers")))),
         Activity("answer", "Elsa.WriteHttpResponse", ("statusCode", Literal("Created")),
            ("content", Js("({ id: getRoute().id, amount: getOrder().amount * 2, channel: getQuery().channel, source: getHeaders()['X-Source'] })")),
            ("responseHeaders", Literal("{\"X-Order\": \"accepted\"}")))],
        [("endpoint", "Done", "answer")],
        new JsonObject { ["Order"] = null, ["Route"] = null, ["Query"] = null, ["Headers"] = null }));

    private static JsonObject Expression(string type, string value) =>
        new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_request_to_a_trigger_path_starts_the_definition_with_the_request_as_outputs_and_gets_the_written_response(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(OrderEndpoint());

        var result = await SendAsync(host, Request("POST", "/Orders/42", "{\"amount\": 21}", query: new() { ["channel"] = "web" }));

        Assert.NotNull(result);
        var response = Assert.IsType<HttpWorkflowResponse>(result.Response);
        Assert.Equal((201, "application/json; charset=utf-8"), (response.StatusCode, response.ContentType));
        Assert.Equal(JsonNode.Parse("{\"id\":\"42\",\"amount\":42,\"channel\":\"web\",\"source\":\"test\"}")!.ToJsonString(), JsonNode.Parse(response.Content!)!.ToJsonString());
        Assert.Equal(["accepted"], response.Headers["X-Order"]);
        Assert.Equal(WorkflowStatus.Finished, result.Instance!.Status);
        var journal = await host.JournalAsync(result.Instance.Id);
        Assert.Equal(["Started", "Resumed", "Note", "Completed", "Note", "Completed", "Finished"], journal.Select(j => j.Event).ToArray());
        Assert.Contains(journal, j => (j.ActivityId, j.Event, j.Detail) == ("endpoint", "Note", "POST /Orders/42"));
        Assert.Contains(journal, j => (j.ActivityId, j.Event, j.Detail) == ("answer", "Note", "HTTP 201"));
    }

    [Fact]
    public async Task A_request_with_another_method_or_path_matches_no_endpoint()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(OrderEndpoint());

        Assert.Null(await SendAsync(host, Request("GET", "/orders/42")));
        Assert.Null(await SendAsync(host, Request("POST", "/orders/42/lines")));
        Assert.Null(await SendAsync(host, Request("POST", "/orders")));
    }

    /// <summary>Start → HttpEndpoint(POST approvals/{decision}) mid-flow → WriteHttpResponse(text) → End.</summary>
    private static string Approval() => WithVariableIds(Definition("approval",
        [Activity("start", "Start"),
         Activity("wait", "Elsa.HttpEndpoint", ("path", Literal("approvals/{decision}")), ("supportedMethods", Literal(new[] { "POST" })), ("authorize", Literal(true)),
            ("policy", Literal("Administrator")), ("routeData", Output("Route"))),
         Activity("answer", "Elsa.WriteHttpResponse", ("content", Liquid("{{ Variables.Route.decision }} for {{ CorrelationId }}")))],
        [("start", "Done", "wait"), ("wait", "Done", "answer")],
        new JsonObject { ["Route"] = null }));

    [Fact]
    public async Task A_request_resumes_the_one_instance_waiting_on_the_endpoint_named_by_its_correlation_id()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Approval());
        var first = await host.Runtime.StartAsync(new StartRequest("approval", "call-1"));
        var second = await host.Runtime.StartAsync(new StartRequest("approval", "call-2"));
        Assert.Equal("HttpEndpoint:POST:/approvals/{decision}", Assert.Single(await host.BookmarksAsync(first.Id)).Name);

        var ambiguous = await Assert.ThrowsAsync<HttpAmbiguousMatchException>(() => SendAsync(host, Request("POST", "/approvals/yes")));
        Assert.Contains("2 waiting workflow instances", ambiguous.Message);
        var match = await host.Services.GetRequiredService<HttpWorkflows>().MatchAsync(Request("POST", "/approvals/yes", correlationId: "call-2"));
        Assert.Equal((second.Id, false, "Administrator"), (match!.InstanceId, match.Settings.AllowsAnonymous, match.Settings.Policy));
        var result = await SendAsync(host, Request("POST", "/approvals/yes", correlationId: "call-2"));

        Assert.Equal((200, "text/plain; charset=utf-8", "yes for call-2"), (result!.Response!.StatusCode, result.Response.ContentType, result.Response.Content));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(second.Id)).Status);
        Assert.Equal(WorkflowStatus.Suspended, (await host.InstanceAsync(first.Id)).Status);
        var byInstance = await SendAsync(host, Request("POST", "/approvals/no", instanceId: first.Id));
        Assert.Equal("no for call-1", byInstance!.Response!.Content);
        Assert.Null(await SendAsync(host, Request("POST", "/approvals/no", instanceId: first.Id))); // nothing waits any more
    }

    [Fact]
    public async Task A_workflow_that_writes_no_response_answers_nothing_and_one_that_faults_says_so_with_an_incident()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Definition("silent",
            [Trigger(Activity("endpoint", "HttpEndpoint", ("path", Literal("silent")), ("authorize", Literal(false)))), Activity("say", "WriteLine", ("text", Literal("heard")))],
            [("endpoint", "Done", "say")]), "workflows/silent.json");
        await host.PublishValidAsync(Definition("broken",
            [Trigger(Activity("endpoint", "HttpEndpoint", ("path", Literal("broken")))), Activity("answer", "WriteHttpResponse", ("statusCode", Literal("Teapot")))],
            [("endpoint", "Done", "answer")]), "workflows/broken.json");

        var silent = await SendAsync(host, Request("GET", "/silent"));
        var broken = await SendAsync(host, Request("GET", "/broken"));

        Assert.Equal((WorkflowStatus.Finished, null), (silent!.Instance!.Status, silent.Response));
        Assert.Equal(WorkflowStatus.Faulted, broken!.Instance!.Status);
        Assert.Null(broken.Response);
        Assert.Contains("statusCode 'Teapot' is not an HTTP status", broken.Fault);
        var details = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(broken.Instance.Id));
        Assert.Equal("answer", Assert.Single(details.Incidents).ActivityId);
    }

    [Fact]
    public async Task WriteHttpResponse_outside_an_HTTP_request_faults_with_the_reason()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Definition("late",
            [Activity("start", "Start"), Activity("wait", "Event", ("eventName", Literal("Go"))), Activity("answer", "WriteHttpResponse", ("content", Literal("too late")))],
            [("start", "Done", "wait"), ("wait", "Done", "answer")]));
        var started = await host.Runtime.StartAsync(new StartRequest("late", "l-1"));

        await host.Runtime.StimulateAsync(new Stimulus("Go", "l-1"));

        var details = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(started.Id));
        Assert.Equal(WorkflowStatus.Faulted, details.Instance.Status);
        Assert.Contains("There is no HTTP request to answer here", Assert.Single(details.Incidents).Message);
    }

    [Fact]
    public async Task The_loader_accepts_an_HttpEndpoint_trigger_and_refuses_an_output_bound_to_no_variable()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        var result = await host.PublishAsync(Definition("unbound",
            [Trigger(Activity("endpoint", "Elsa.HttpEndpoint", ("path", Literal("x")), ("parsedContent", Output("Missing"))))], []));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("endpoint", "root.activities[0].parsedContent"), (problem.ActivityId, problem.Path));
    }

    // ---- SendHttpRequest and FlowSendHttpRequest against a real server on 127.0.0.1 ----

    /// <summary>A Kestrel server on 127.0.0.1: /echo answers the request as JSON, /missing 404, /slow after 3 s.</summary>
    private sealed class LocalServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LocalServer(WebApplication app, string address) { _app = app; Address = address; }

        public string Address { get; }

        public static async Task<LocalServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/echo", async (HttpRequest request) =>
                Results.Json(new { method = request.Method, body = await new StreamReader(request.Body).ReadToEndAsync(), token = request.Headers["X-Token"].ToString() }));
            app.MapGet("/missing", () => Results.NotFound());
            app.MapGet("/slow", async (CancellationToken ct) => { await Task.Delay(3000, ct); return "late"; });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new LocalServer(app, address);
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    /// <summary>Start → FlowSendHttpRequest(url) with ports 200, Unmatched, Failed to connect, Timeout, each to a WriteLine naming it.</summary>
    private static string Caller(string url, string method = "GET") => WithVariableIds(Definition("caller",
        [Activity("start", "Start"),
         Activity("call", "Elsa.FlowSendHttpRequest", ("url", Literal(url)), ("method", Literal(method)), ("content", Js("({ amount: 12 })")),
            ("requestHeaders", Literal(new Dictionary<string, string> { ["X-Token"] = "t-1" })), ("expectedStatusCodes", Expression("Object", "[200]")),
            ("statusCode", Output("Status")), ("parsedContent", Output("Answer"))),
         Activity("ok", "WriteLine", ("text", Liquid("ok {{ Variables.Status }} {{ Variables.Answer.method }} {{ Variables.Answer.body }} {{ Variables.Answer.token }}"))),
         Activity("unmatched", "WriteLine", ("text", Liquid("unmatched {{ Variables.Status }}"))),
         Activity("failed", "WriteLine", ("text", Literal("failed to connect"))),
         Activity("timeout", "WriteLine", ("text", Literal("timeout")))],
        [("start", "Done", "call"), ("call", "200", "ok"), ("call", "Unmatched status code", "unmatched"), ("call", "Failed to connect", "failed"), ("call", "Timeout", "timeout")],
        new JsonObject { ["Status"] = null, ["Answer"] = null }));

    private static RuntimeHost HostAllowing(TestDatabase database, params string[] hosts) =>
        RuntimeHost.Create(database, configure: s => s.Configure<HttpWorkflowOptions>(o => { o.AllowedHosts = hosts; o.Timeout = TimeSpan.FromMilliseconds(500); }));

    private static async Task<string> NoteAsync(RuntimeHost host, Guid instanceId) =>
        (await host.JournalAsync(instanceId)).Last(j => j.Event == "Note").Detail!;

    [Fact]
    public async Task FlowSendHttpRequest_leaves_by_the_port_of_the_status_code_with_the_response_as_outputs()
    {
        await using var server = await LocalServer.StartAsync();
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = HostAllowing(database, "127.0.0.1");
        await host.PublishValidAsync(Caller(server.Address + "/echo", "POST"));

        var started = await host.Runtime.StartAsync(new StartRequest("caller", "s-1"));

        Assert.Equal(WorkflowStatus.Finished, started.Status);
        Assert.Equal("ok 200 POST {\"amount\":12} t-1", await NoteAsync(host, started.Id));
        Assert.Contains(await host.JournalAsync(started.Id), j => (j.ActivityId, j.Event, j.Detail) == ("call", "Completed", "200"));
    }

    [Fact]
    public async Task FlowSendHttpRequest_leaves_by_unmatched_timeout_or_failed_to_connect()
    {
        await using var server = await LocalServer.StartAsync();
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = HostAllowing(database, "127.0.0.1");

        await host.PublishValidAsync(Caller(server.Address + "/missing"));
        var missing = await host.Runtime.StartAsync(new StartRequest("caller", "m-1"));
        await host.PublishValidAsync(Caller(server.Address + "/slow"));
        var slow = await host.Runtime.StartAsync(new StartRequest("caller", "t-1"));
        await host.PublishValidAsync(Caller("http://127.0.0.1:1/closed"));
        var closed = await host.Runtime.StartAsync(new StartRequest("caller", "c-1"));

        Assert.Equal("unmatched 404", await NoteAsync(host, missing.Id));
        Assert.Equal("timeout", await NoteAsync(host, slow.Id));
        Assert.Equal("failed to connect", await NoteAsync(host, closed.Id));
    }

    [Fact]
    public async Task A_host_not_allowed_faults_the_step_with_an_incident_saying_where_to_allow_it()
    {
        await using var server = await LocalServer.StartAsync();
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = HostAllowing(database); // the default: no host allowed
        await host.PublishValidAsync(Definition("plain",
            [Activity("start", "Start"), Activity("call", "Elsa.SendHttpRequest", ("url", Literal(server.Address + "/echo")), ("method", Literal("POST")))],
            [("start", "Done", "call")]));

        var started = await host.Runtime.StartAsync(new StartRequest("plain", "p-1"));

        var details = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().InstanceAsync(started.Id));
        Assert.Equal(WorkflowStatus.Faulted, details.Instance.Status);
        var incident = Assert.Single(details.Incidents);
        Assert.Equal("call", incident.ActivityId);
        Assert.Contains("host '127.0.0.1' is not allowed to be called by workflows", incident.Message);
        Assert.Contains("Workflows:Http:AllowedHosts", incident.Message);
    }

    [Fact]
    public async Task SendHttpRequest_completes_whatever_the_status_and_only_subdomains_match_a_wildcard()
    {
        await using var server = await LocalServer.StartAsync();
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = HostAllowing(database, "127.0.0.1");
        await host.PublishValidAsync(WithVariableIds(Definition("plain",
            [Activity("start", "Start"), Activity("call", "Elsa.SendHttpRequest", ("url", Literal(server.Address + "/missing")), ("statusCode", Output("Status"))),
             Activity("say", "WriteLine", ("text", Liquid("got {{ Variables.Status }}")))],
            [("start", "Done", "call"), ("call", "Done", "say")], new JsonObject { ["Status"] = null })));

        var started = await host.Runtime.StartAsync(new StartRequest("plain", "p-2"));

        Assert.Equal("got 404", await NoteAsync(host, started.Id));
        Assert.True(OutgoingHttpRequest.IsAllowed("api.example.org", ["*.example.org"]));
        Assert.False(OutgoingHttpRequest.IsAllowed("example.org.evil.net", ["*.example.org"]));
        Assert.False(OutgoingHttpRequest.IsAllowed("evilexample.org", ["*.example.org"]));
    }
}
