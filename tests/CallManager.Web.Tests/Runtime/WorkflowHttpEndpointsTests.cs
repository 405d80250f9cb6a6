using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Runtime;

/// <summary>
/// Elsa-shaped definitions with HttpEndpoint and WriteHttpResponse served by the real web host under <c>/workflows/http</c>:
/// the responses, the refusals (404, 401, 403, antiforgery, 413, 409, 500) as problem+json, and the instances' journals.
/// </summary>
[Collection(WebCollection.Name)]
public class WorkflowHttpEndpointsTests
{
    private static JsonObject Literal(JsonNode? value) => new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
    private static JsonObject Js(string code) => new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = code } };
    private static JsonObject Output(string variable) => new() { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = variable } };

    /// <summary>An Elsa 3 flowchart whose activities run one after the other; <paramref name="variables"/> declared with their name as id.</summary>
    private static string Definition(string id, string[] variables, params JsonObject[] activities) => new JsonObject
    {
        ["definitionId"] = id,
        ["variables"] = new JsonArray([.. variables.Select(v => (JsonNode)new JsonObject { ["id"] = v, ["name"] = v, ["typeName"] = "Object" })]),
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["activities"] = new JsonArray([.. activities]),
            ["connections"] = new JsonArray([.. activities.Zip(activities.Skip(1)).Select(p => (JsonNode)new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = p.First["id"]!.GetValue<string>(), ["port"] = "Done" },
                ["target"] = new JsonObject { ["activity"] = p.Second["id"]!.GetValue<string>(), ["port"] = "In" },
            })]),
        },
    }.ToJsonString();

    private static JsonObject Endpoint(string path, string[] methods, bool trigger, params (string Name, JsonNode Input)[] inputs)
    {
        var activity = new JsonObject { ["id"] = "endpoint", ["type"] = "Elsa.HttpEndpoint", ["path"] = Literal(path), ["supportedMethods"] = Literal(new JsonArray([.. methods.Select(m => (JsonNode)m)])) };
        foreach (var (name, input) in inputs) activity[name] = input;
        if (trigger) activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        return activity;
    }

    private static JsonObject Answer(JsonObject content, string status = "OK") => new()
    {
        ["id"] = "answer", ["type"] = "Elsa.WriteHttpResponse", ["statusCode"] = Literal(status), ["content"] = content,
        ["responseHeaders"] = Literal("{\"X-Answered-By\": \"workflow\"}"),
    };

    private static async Task PublishAsync(CallManagerApp app, string json)
    {
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<DefinitionStore>().PublishAsync(scope.ServiceProvider.RuntimeDb(), "workflows/http-test.json", json);
        Assert.True(result.Outcome != PublishOutcome.Refused, string.Join("\n", result.Problems));
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>POST orders/{id}, anonymous: answers 201 with the amount doubled and the route value, from the outputs.</summary>
    private static string Orders() => Definition("http-orders", ["Order", "Route"],
        Endpoint("orders/{id}", ["POST"], trigger: true, ("authorize", Literal(false)), ("parsedContent", Output("Order")), ("routeData", Output("Route"))),
        Answer(Js("({ order: getRoute().id, total: getOrder().amount * 2 })"), "Created"));

    [Fact]
    public async Task An_anonymous_endpoint_starts_its_workflow_and_answers_what_it_wrote()
    {
        await using var app = new CallManagerApp();
        await PublishAsync(app, Orders());
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/workflows/http/orders/7", new { amount = 21 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"order\":\"7\",\"total\":42}", await response.Content.ReadAsStringAsync());
        Assert.Equal("workflow", response.Headers.GetValues("X-Answered-By").Single());
        var instanceId = Guid.Parse(response.Headers.GetValues("X-Workflow-Instance-ID").Single());
        using var scope = app.Services.CreateScope();
        var details = await scope.ServiceProvider.GetRequiredService<WorkflowQueries>().InstanceAsync(instanceId);
        Assert.Equal(WorkflowStatus.Finished, details.Instance.Status);
        Assert.Contains(details.Journal, j => (j.ActivityId, j.Event, j.Detail) == ("endpoint", "Note", "POST /orders/7"));
        Assert.Contains(details.Journal, j => (j.ActivityId, j.Event, j.Detail) == ("answer", "Note", "HTTP 201"));
    }

    [Fact]
    public async Task A_path_or_method_no_endpoint_answers_is_a_404_problem_and_a_body_over_the_limit_a_413()
    {
        await using var app = new CallManagerApp(settings: new Dictionary<string, string?> { ["Workflows:Http:MaxRequestBodySize"] = "64" });
        await PublishAsync(app, Orders());
        using var client = app.CreateClient();

        var unknown = await ProblemAsync(await client.GetAsync("/workflows/http/nowhere"), HttpStatusCode.NotFound);
        var wrongMethod = await ProblemAsync(await client.GetAsync("/workflows/http/orders/7"), HttpStatusCode.NotFound);
        var tooLarge = await ProblemAsync(await client.PostAsync("/workflows/http/orders/7",
            new StringContent("{\"amount\": 1, \"note\": \"" + new string('x', 100) + "\"}", Encoding.UTF8, "application/json")), HttpStatusCode.RequestEntityTooLarge);
        var badJson = await ProblemAsync(await client.PostAsync("/workflows/http/orders/7", new StringContent("{not json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);

        Assert.Equal("No workflow endpoint answers GET /nowhere. Check the path and the method, and that the definition is published.", unknown["detail"]!.GetValue<string>());
        Assert.Contains("GET /orders/7", wrongMethod["detail"]!.GetValue<string>());
        Assert.Contains("larger than 64 bytes", tooLarge["detail"]!.GetValue<string>());
        Assert.Contains("The request body is not valid JSON", badJson["detail"]!.GetValue<string>());
    }

    /// <summary>GET reports, for the policy Administrator; and POST notes, which says nothing about authorization.</summary>
    private static string Reports() => Definition("http-reports", [],
        Endpoint("reports", ["GET", "POST"], trigger: true, ("authorize", Literal(true)), ("policy", Literal(Roles.Administrator))),
        Answer(Literal("the report")));

    private static string Notes() => Definition("http-notes", [],
        Endpoint("notes", ["POST"], trigger: true), Answer(Literal("noted")));

    [Fact]
    public async Task A_protected_endpoint_refuses_anonymous_callers_with_401_and_others_than_its_policy_with_403()
    {
        await using var app = new CallManagerApp();
        await PublishAsync(app, Reports());
        await PublishAsync(app, Notes());
        using var anonymous = app.CreateClient();
        using var applicant = await app.ClientAsAsync("ana@example.org", Roles.Applicant);
        using var admin = await app.ClientAsAsync("admin@example.org", Roles.Administrator);

        var unsigned = await ProblemAsync(await anonymous.GetAsync("/workflows/http/reports"), HttpStatusCode.Unauthorized);
        var wrongRole = await ProblemAsync(await applicant.GetAsync("/workflows/http/reports"), HttpStatusCode.Forbidden);
        var allowed = await admin.GetAsync("/workflows/http/reports");
        await ProblemAsync(await anonymous.PostAsync("/workflows/http/notes", null), HttpStatusCode.Unauthorized); // no "authorize": false, so not anonymous
        var noted = await applicant.PostAsync("/workflows/http/notes", null);

        Assert.Contains("needs a signed-in user", unsigned["detail"]!.GetValue<string>());
        Assert.Contains("reserved to the policy or role 'Administrator'", wrongRole["detail"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, "the report"), (allowed.StatusCode, await allowed.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "noted"), (noted.StatusCode, await noted.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_cookie_authenticated_post_needs_the_antiforgery_header_and_refusals_are_in_french_when_asked()
    {
        await using var app = new CallManagerApp();
        await PublishAsync(app, Reports());
        await app.CreateUserAsync("admin@example.org", Roles.Administrator);
        using var forged = await app.CookieLoginAsync("admin@example.org", antiforgery: false);
        using var genuine = await app.CookieLoginAsync("admin@example.org");
        using var anonymous = app.CreateClient();
        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");

        var refused = await ProblemAsync(await forged.PostAsync("/workflows/http/reports", null), HttpStatusCode.Forbidden);
        var accepted = await genuine.PostAsync("/workflows/http/reports", null);
        var french = await ProblemAsync(await anonymous.GetAsync("/workflows/http/nowhere"), HttpStatusCode.NotFound);

        Assert.Contains("X-CSRF-Token", refused["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.StartsWith("Aucun point d'accès de workflow ne répond à GET /nowhere.", french["detail"]!.GetValue<string>());
    }

    /// <summary>Start → HttpEndpoint(POST decisions/{verdict}, anonymous) → WriteLine: resumed by a request naming the instance's correlation id.</summary>
    private static string Decisions() => Definition("http-decisions", ["Route"],
        new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start" },
        Endpoint("decisions/{verdict}", ["POST"], trigger: false, ("authorize", Literal(false)), ("routeData", Output("Route"))),
        new JsonObject { ["id"] = "say", ["type"] = "Elsa.WriteLine", ["text"] = Js("'decided: ' + getRoute().verdict") });

    [Fact]
    public async Task A_request_resumes_the_instance_named_by_its_correlation_id_and_without_a_response_gets_Elsas_empty_200()
    {
        await using var app = new CallManagerApp();
        await PublishAsync(app, Decisions());
        var runtime = app.Services.GetRequiredService<IWorkflowRuntime>();
        var first = await runtime.StartAsync(new StartRequest("http-decisions", "call-1"));
        var second = await runtime.StartAsync(new StartRequest("http-decisions", "call-2"));
        using var client = app.CreateClient();

        var ambiguous = await ProblemAsync(await client.PostAsync("/workflows/http/decisions/yes", null), HttpStatusCode.Conflict);
        var resumed = await client.PostAsync("/workflows/http/decisions/yes?correlationId=call-2", null);
        using var byHeader = new HttpRequestMessage(HttpMethod.Post, "/workflows/http/decisions/no");
        byHeader.Headers.Add("X-Workflow-Instance-ID", first.Id.ToString());
        var resumedByHeader = await client.SendAsync(byHeader);
        var gone = await ProblemAsync(await client.PostAsync("/workflows/http/decisions/no?correlationId=call-1", null), HttpStatusCode.NotFound);

        Assert.Contains("correlationId", ambiguous["detail"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, ""), (resumed.StatusCode, await resumed.Content.ReadAsStringAsync()));
        Assert.Equal(second.Id.ToString(), resumed.Headers.GetValues("X-Workflow-Instance-ID").Single());
        Assert.Equal(HttpStatusCode.OK, resumedByHeader.StatusCode);
        using var scope = app.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<WorkflowQueries>();
        Assert.Contains((await queries.InstanceAsync(second.Id)).Journal, j => (j.ActivityId, j.Detail) == ("say", "decided: yes"));
        Assert.Contains((await queries.InstanceAsync(first.Id)).Journal, j => (j.ActivityId, j.Detail) == ("say", "decided: no"));
        Assert.Equal(WorkflowStatus.Finished, (await queries.InstanceAsync(first.Id)).Instance.Status);
        Assert.Contains("No workflow endpoint answers", gone["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_past_its_rate_limit_gets_a_429_problem_with_Retry_After()
    {
        await using var app = new CallManagerApp(settings: new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true", ["RateLimits:WorkflowHttp:PerClient"] = "2", ["RateLimits:WorkflowHttp:Window"] = "00:10:00",
        });
        await PublishAsync(app, Orders());
        using var client = app.CreateClient();

        var first = await client.PostAsJsonAsync("/workflows/http/orders/1", new { amount = 1 });
        var second = await client.GetAsync("/workflows/http/nowhere");
        var third = await client.PostAsJsonAsync("/workflows/http/orders/3", new { amount = 3 });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.NotFound), (first.StatusCode, second.StatusCode));
        await ProblemAsync(third, HttpStatusCode.TooManyRequests);
        Assert.NotNull(third.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_faulting_workflow_answers_500_and_the_prefix_is_configurable()
    {
        await using var app = new CallManagerApp(settings: new Dictionary<string, string?> { ["Workflows:Http:Prefix"] = "/hooks" });
        await PublishAsync(app, Definition("http-broken", [],
            Endpoint("broken", ["GET"], trigger: true, ("authorize", Literal(false))),
            new JsonObject { ["id"] = "fail", ["type"] = "Elsa.Fault", ["message"] = Literal("the ledger is closed") }));
        using var client = app.CreateClient();

        var faulted = await ProblemAsync(await client.GetAsync("/hooks/broken"), HttpStatusCode.InternalServerError);
        var oldPrefix = await client.GetAsync("/workflows/http/broken");

        var instanceId = Guid.Parse(faulted["detail"]!.GetValue<string>().Split("instance ")[1][..36]);
        using var scope = app.Services.CreateScope();
        var details = await scope.ServiceProvider.GetRequiredService<WorkflowQueries>().InstanceAsync(instanceId);
        Assert.Equal(WorkflowStatus.Faulted, details.Instance.Status);
        Assert.Contains("the ledger is closed", Assert.Single(details.Incidents).Message);
        Assert.DoesNotContain("ledger", faulted.ToJsonString()); // the incident stays with administrators
        Assert.Equal(HttpStatusCode.NotFound, oldPrefix.StatusCode);
    }
}
