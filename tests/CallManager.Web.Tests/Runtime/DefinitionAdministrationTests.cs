using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Runtime;

/// <summary>
/// Definitions managed while the app runs, through <c>/api/workflows/definitions…</c> (issue 15, item 5): upload, validation
/// problems before publishing, new versions in the database, comparison, instances per version, audited migration.
/// </summary>
[Collection(WebCollection.Name)]
public class DefinitionAdministrationTests
{
    /// <summary>start → wait-docs (Docs) → wait-review (Review) → end, or without wait-docs in <paramref name="v2"/>.</summary>
    public static string Docs(bool v2 = false, string? extraType = null)
    {
        var activities = new JsonArray
        {
            new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start" },
            new JsonObject { ["id"] = "wait-review", ["type"] = "Elsa.Event", ["eventName"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "Review" } } },
            new JsonObject { ["id"] = "end", ["type"] = extraType ?? "Elsa.End" },
        };
        var connections = new JsonArray();
        void Connect(string from, string to) => connections.Add(new JsonObject { ["source"] = new JsonObject { ["activity"] = from, ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" } });
        if (!v2)
        {
            activities.Add(new JsonObject { ["id"] = "wait-docs", ["type"] = "Elsa.Event", ["eventName"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "Docs" } } });
            Connect("start", "wait-docs");
            Connect("wait-docs", "wait-review");
        }
        else Connect("start", "wait-review");
        Connect("wait-review", "end");
        var variables = v2 ? new JsonArray { new JsonObject { ["name"] = "Reviewer", ["typeName"] = "String", ["value"] = "jury" } } : new JsonArray();
        return new JsonObject
        {
            ["definitionId"] = "docs-check", ["name"] = "Docs check", ["variables"] = variables,
            ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["activities"] = activities, ["connections"] = connections },
        }.ToJsonString();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static MultipartFormDataContent Multipart(string json, string name = "docs-v2.json")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", name);
        return form;
    }

    [Fact]
    public async Task An_administrator_uploads_checks_publishes_compares_and_migrates_suspended_instances_with_an_audit_entry_each()
    {
        await using var app = new CallManagerApp(settings: new Dictionary<string, string?> { ["Workflows:DefinitionsPattern"] = "workflows/examples/*.json" });
        using var admin = await app.ClientAsAsync("admin@example.org", Roles.Administrator);
        var runtime = app.Services.GetRequiredService<IWorkflowRuntime>();

        // An invalid file: its problems, each with file, activity and JSON path, and nothing published.
        var check = await (await admin.PostAsync("/api/workflows/definitions/validate", Json(Docs(extraType: "Elsa.Nope")))).Content.ReadFromJsonAsync<JsonObject>();
        var refused = await admin.PostAsync("/api/workflows/definitions", Json(Docs(extraType: "Elsa.Nope")));
        var problem = check!["problems"]!.AsArray().Single()!;
        Assert.Equal((false, "upload/definition.json", "end", "root.activities[2].type"),
            (check["valid"]!.GetValue<bool>(), problem["file"]!.GetValue<string>(), problem["activityId"]!.GetValue<string>(), problem["path"]!.GetValue<string>()));
        Assert.StartsWith("Elsa activity `Elsa.Nope` is not implemented here.", problem["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Elsa.Nope", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["definition"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/workflows/definitions/docs-check/versions")).StatusCode);

        // v1 as a JSON body, two instances (one waits in wait-docs, one in wait-review), then v2 as a multipart upload.
        var v1 = await admin.PostAsync("/api/workflows/definitions", Json(Docs()));
        var atDocs = await runtime.StartAsync(new StartRequest("docs-check", "a"));
        var atReview = await runtime.StartAsync(new StartRequest("docs-check", "b"));
        await runtime.StimulateAsync(new Stimulus("Docs", "b"));
        var preview = await (await admin.PostAsync("/api/workflows/definitions/validate", Multipart(Docs(v2: true)))).Content.ReadFromJsonAsync<JsonObject>();
        var v2 = await admin.PostAsync("/api/workflows/definitions", Multipart(Docs(v2: true)));
        var again = await admin.PostAsync("/api/workflows/definitions", Multipart(Docs(v2: true)));

        Assert.Equal(HttpStatusCode.Created, v1.StatusCode);
        Assert.Equal("/api/workflows/definitions/docs-check/versions/1", v1.Headers.Location!.OriginalString);
        Assert.Equal((true, 1, 2), (preview!["valid"]!.GetValue<bool>(), preview["latestVersion"]!.GetValue<int>(), preview["nextVersion"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Created, v2.StatusCode);
        var unchanged = await again.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal((HttpStatusCode.OK, "Unchanged", 2), (again.StatusCode, unchanged!["outcome"]!.GetValue<string>(), unchanged["version"]!.GetValue<int>()));
        var stored = await admin.GetFromJsonAsync<JsonObject>("/api/workflows/definitions/docs-check/versions/2");
        Assert.Equal("upload/docs-v2.json", stored!["source"]!.GetValue<string>());
        Assert.Equal("jury", stored["definition"]!["variables"]![0]!["value"]!.GetValue<string>());

        var diff = await admin.GetFromJsonAsync<JsonObject>("/api/workflows/definitions/docs-check/compare?from=1&to=2");
        Assert.Equal("wait-docs", diff!["activitiesRemoved"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(["Reviewer"], diff["variablesAdded"]!.AsArray().Select(v => v!.GetValue<string>()));

        var dry = await (await admin.PostAsJsonAsync("/api/workflows/definitions/docs-check/migrations", new { fromVersion = 1, toVersion = 2 })).Content.ReadFromJsonAsync<JsonObject>();
        var plan = dry!["plan"]!["instances"]!.AsArray();
        Assert.Equal(1, dry["plan"]!["movable"]!.GetValue<int>());
        Assert.Equal(["activity `wait-docs` does not exist in version 2."], plan.Single(i => i!["instanceId"]!.GetValue<Guid>() == atDocs.Id)!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(2, (await runtime.StartAsync(new StartRequest("docs-check", "c"))).DefinitionVersion); // new instances take the latest version

        var done = await (await admin.PostAsJsonAsync("/api/workflows/definitions/docs-check/migrations", new { fromVersion = 1, toVersion = 2, dryRun = false })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(1, done!["result"]!["migrated"]!.GetValue<int>());
        var versions = await admin.GetFromJsonAsync<JsonArray>("/api/workflows/definitions/docs-check/versions");
        Assert.Equal([(2, 2), (1, 1)], versions!.Select(v => (v!["version"]!.GetValue<int>(), v["instances"]!["Suspended"]!.GetValue<int>())).ToArray());
        var ofV2 = await admin.GetFromJsonAsync<JsonArray>("/api/workflows/instances?definitionId=docs-check&version=2&status=Suspended");
        Assert.Contains(ofV2!, i => i!["id"]!.GetValue<Guid>() == atReview.Id);
        await runtime.StimulateAsync(new Stimulus("Review", "b"));
        Assert.Equal("Finished", (await admin.GetFromJsonAsync<JsonObject>($"/api/workflows/instances/{atReview.Id}"))!["instance"]!["status"]!.GetValue<string>());

        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Action.StartsWith("workflow-")).OrderBy(e => e.Sequence).Select(e => new { e.Action, e.EntityId }).ToListAsync();
        Assert.Equal(["workflow-definition.published", "workflow-definition.published", "workflow-instance.migrated"], audit.Select(a => a.Action));
        Assert.Equal(atReview.Id.ToString(), audit[2].EntityId);
    }

    [Fact]
    public async Task Bad_uploads_and_bad_migrations_are_4xx_problems_that_say_what_to_fix()
    {
        await using var app = new CallManagerApp(settings: new Dictionary<string, string?>
        {
            ["Workflows:DefinitionsPattern"] = "workflows/examples/*.json", ["Workflows:MaxDefinitionBytes"] = "4096",
        });
        using var admin = await app.ClientAsAsync("admin@example.org", Roles.Administrator);
        await admin.PostAsync("/api/workflows/definitions", Json(Docs()));

        var text = await admin.PostAsync("/api/workflows/definitions", new StringContent("{}", Encoding.UTF8, "text/plain"));
        var large = await admin.PostAsync("/api/workflows/definitions", Multipart(Docs() + new string(' ', 5000)));
        var empty = await admin.PostAsync("/api/workflows/definitions/validate", Json(""));
        var noFile = await admin.PostAsync("/api/workflows/definitions", new MultipartFormDataContent { { new StringContent("x"), "note" } });
        var same = await admin.PostAsJsonAsync("/api/workflows/definitions/docs-check/migrations", new { fromVersion = 1, toVersion = 1 });
        var unknown = await admin.PostAsJsonAsync("/api/workflows/definitions/docs-check/migrations", new { fromVersion = 1, toVersion = 7 });
        var compare = await admin.GetAsync("/api/workflows/definitions/nothing/compare?from=1&to=2");

        foreach (var (response, status, detail) in new[]
                 {
                     (text, 415, ""), // refused by the endpoint's declared media types (the framework's problem has no detail)
                     (large, 422, "more than the 4096 allowed"), (empty, 422, "The definition file is empty."),
                     (noFile, 422, "No file was sent"), (same, 422, "The source and target versions are both 1."),
                     (unknown, 404, "Version 7 of workflow definition 'docs-check' was not found."), (compare, 404, "Version 1 of workflow definition 'nothing' was not found."),
                 })
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]?.GetValue<string>() ?? "");
        }
    }
}
