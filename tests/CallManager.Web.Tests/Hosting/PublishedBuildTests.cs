using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Calls;
using CallManager.Web.Hosting;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Reviews;
using Xunit.Abstractions;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Hosting;

/// <summary>
/// The published folder is all a server gets: started as a real process from another working directory on a fresh SQLite
/// database, it serves its web assets, publishes the definitions it carries, runs the demo call's workflow, and plays a call
/// through the HTTP API from publication to an opened grant on its own Hangfire timers and the real clock.
/// </summary>
[Collection(WebCollection.Name)] // a whole host in another process: not alongside the other hosts on a 2-core machine
[Trait("Category", "PublishedBuild")] // dotnet test --filter Category=PublishedBuild runs (or, with !=, skips) the tests that publish
public sealed class PublishedBuildTests(PublishedBuild build, ITestOutputHelper output) : IClassFixture<PublishedBuild>
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Started_from_another_folder_it_serves_its_css_and_runs_the_definitions_it_carries()
    {
        output.WriteLine($"published in {build.Duration.TotalSeconds:F1} s");
        Assert.True(File.Exists(Path.Combine(build.Folder, "workflows", "ptce-call.json")), "the published folder carries workflows/");
        using var elsewhere = new TemporaryFolder();
        await using var app = build.Start(elsewhere.Path, Settings(elsewhere.Path, seed: true));
        await app.WaitUntilServingAsync(StartPatience);
        using var client = app.Client();

        using var css = await client.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.True((await css.Content.ReadAsStringAsync()).Length > 100, "site.css is served whole");

        var definitionsCheck = await DefinitionsHealthAsync(client);
        Assert.Equal("Healthy", definitionsCheck.GetProperty("status").GetString());
        Assert.Equal(["grant-follow-up", "ptce-application", "ptce-call"],
            definitionsCheck.GetProperty("data").GetProperty("published").EnumerateArray().Select(e => e.GetString() ?? "").ToList());

        await LoginAsync(client, "admin@demo.callmanager.test", DemoSeedTask.Password);
        var definitions = await client.GetFromJsonAsync<JsonElement>("/api/workflows/definitions");
        Assert.Contains(definitions.EnumerateArray(), d => d.GetProperty("definitionId").GetString() == "ptce-call"
            && d.GetProperty("source").GetString() == "workflows/ptce-call.json");
        var callInstances = await client.GetFromJsonAsync<JsonElement>("/api/workflows/instances?definitionId=ptce-call");
        Assert.Equal(1, callInstances.GetArrayLength()); // the seeded call was published: its workflow started
        Assert.DoesNotContain("did not start", app.Output);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere.Path, "workflows*"));
    }

    [Fact]
    public async Task A_refused_definition_file_is_skipped_and_health_turns_degraded_naming_it()
    {
        using var elsewhere = new TemporaryFolder();
        var definitions = Directory.CreateDirectory(Path.Combine(elsewhere.Path, "defs")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(build.Folder, "workflows"), "*.json"))
            File.Copy(file, Path.Combine(definitions, Path.GetFileName(file)));
        await File.WriteAllTextAsync(Path.Combine(definitions, "broken.json"),
            """{ "definitionId": "broken", "root": { "type": "Elsa.Flowchart", "activities": [ { "id": "a", "type": "Elsa.RunCSharp" } ] } }""");
        var settings = Settings(elsewhere.Path, seed: false);
        settings["Workflows:DefinitionsPattern"] = Path.Combine(definitions, "*.json");
        await using var app = build.Start(elsewhere.Path, settings);
        await app.WaitUntilServingAsync(StartPatience);
        using var client = app.Client();

        var definitionsCheck = await DefinitionsHealthAsync(client);

        Assert.Equal("Degraded", definitionsCheck.GetProperty("status").GetString());
        Assert.Contains("broken.json", definitionsCheck.GetProperty("description").GetString());
        Assert.Equal(3, definitionsCheck.GetProperty("data").GetProperty("published").GetArrayLength());
        Assert.Contains("broken.json", app.Output);
    }

    [Fact]
    public async Task A_published_call_whose_definition_file_is_missing_makes_health_unhealthy_and_shows_on_its_admin_page()
    {
        using var elsewhere = new TemporaryFolder();
        var definitions = Directory.CreateDirectory(Path.Combine(elsewhere.Path, "defs")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(build.Folder, "workflows"), "*.json").Where(f => Path.GetFileName(f) != "ptce-call.json"))
            File.Copy(file, Path.Combine(definitions, Path.GetFileName(file)));
        var settings = Settings(elsewhere.Path, seed: true); // the demo call is published, and its call workflow file is not there
        settings["Workflows:DefinitionsPattern"] = Path.Combine(definitions, "*.json");
        await using var app = build.Start(elsewhere.Path, settings);
        await app.WaitUntilServingAsync(StartPatience);
        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(cookies) { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(30) };

        using var health = await client.GetAsync("/health");
        var definitionsCheck = await DefinitionsHealthAsync(client);
        using var login = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = "admin@demo.callmanager.test", password = DemoSeedTask.Password });
        login.EnsureSuccessStatusCode();
        var calls = await client.GetFromJsonAsync<JsonElement>("/api/calls");
        var callId = calls.EnumerateArray().First(c => c.GetProperty("status").GetString() == "Published").GetProperty("id").GetString();
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Admin/Calls/{callId}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", definitionsCheck.GetProperty("status").GetString());
        Assert.StartsWith("workflow 'ptce-call' needed by call(s) ", definitionsCheck.GetProperty("description").GetString());
        Assert.Matches(@"Le workflow «\s?ptce-call\s?» de cet appel n.est pas publié", page);
    }

    [Fact]
    public async Task Workflows_validate_reports_every_file_and_exits_1_when_one_is_refused()
    {
        using var elsewhere = new TemporaryFolder();
        var good = Path.Combine(build.Folder, "workflows", "ptce-call.json");
        var unknown = Path.Combine(elsewhere.Path, "http.json");
        await File.WriteAllTextAsync(unknown, """{ "definitionId": "http", "root": { "type": "Elsa.Flowchart", "activities": [ { "id": "a", "type": "Elsa.RunCSharp" } ] } }""");
        var odd = Path.Combine(elsewhere.Path, "odd.json");
        await File.WriteAllTextAsync(odd, """{ "definitionId": "odd", "root": { "type": "Elsa.Flowchart", "activities": [ { "id": "s", "type": "Elsa.Start" } ], "connections": [ "s" ] } }""");

        var (exit, text) = await build.RunAsync(elsewhere.Path, "workflows", "validate", good, unknown, odd);

        Assert.Equal(1, exit);
        Assert.Contains("workflows/ptce-call.json: valid.", text);
        Assert.Contains("http.json: activity 'a' (at root.activities[0].type): Elsa activity `Elsa.RunCSharp` is not implemented here.", text);
        Assert.Contains("odd.json (at root.connections[0]): is not a connection.", text);
        Assert.Contains("3 file(s) checked, 1 valid, 2 refused", text);
    }

    [Fact]
    public async Task A_call_plays_through_the_api_from_publication_to_an_opened_grant_on_its_own_timers()
    {
        using var elsewhere = new TemporaryFolder();
        var settings = Settings(elsewhere.Path, seed: false);
        settings["Bootstrap:AdminEmail"] = "admin@published.example";
        settings["Bootstrap:AdminPassword"] = ApiClientExtensions.Password;
        settings["Accounts:RequireConfirmedEmail"] = "false"; // the confirmation mail is not dispatched here; registering is what is played
        await using var app = build.Start(elsewhere.Path, settings);
        await app.WaitUntilServingAsync(StartPatience);
        using var admin = app.Client();
        await LoginAsync(admin, "admin@published.example", ApiClientExtensions.Password);

        // Applicant and reviewer register themselves, as anyone can.
        foreach (var email in new[] { "applicant@asso.example", "reviewer@jury.example" })
            await Expect(await admin.PostAsJsonAsync("/api/auth/register", new { email, password = ApiClientExtensions.Password }), HttpStatusCode.OK);
        using var applicant = app.Client();
        await LoginAsync(applicant, "applicant@asso.example", ApiClientExtensions.Password);
        var organisation = await CreateOrganisationAsync(applicant, 1);

        // The deadline a few tens of seconds ahead on the real clock, phases in the call's time zone (Europe/Paris).
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(40);
        var local = TimeZoneInfo.ConvertTime(deadline, paris).DateTime;
        var phases = new CallPhasesInput(local.AddDays(-1), local, local.AddDays(2), local.AddDays(3), local.AddDays(4));
        var created = await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(phases, "PUB-2027", budget: 200_000m, maxGrant: 100_000m));
        await Expect(created, HttpStatusCode.Created);
        var callId = (await Json(created))["id"]!.GetValue<Guid>();
        await Expect(await admin.PostAsync($"/api/calls/{callId}/publish", null), HttpStatusCode.OK);

        var dossier = await CreateDraftAsync(applicant, callId, organisation);
        await CompleteAsync(applicant, dossier, 1);
        await Expect(await applicant.PostAsync($"/api/applications/{dossier}/submit", null), HttpStatusCode.OK);
        Assert.True(DateTimeOffset.UtcNow < deadline, "submitted before the deadline");

        // Nobody closes submissions: the call's workflow does, on its Hangfire timer, once the deadline passes.
        var closed = await PollAsync(TimeSpan.FromSeconds(100), async () =>
            (await Node(await admin.GetAsync($"/api/calls/{callId}/audit"))).AsArray().Any(e => e!["action"]!.GetValue<string>() == "call.submissions-closed"));
        Assert.True(closed, $"the call's workflow closed submissions by itself after {deadline:O}:\n{app.Output}");
        Assert.True(DateTimeOffset.UtcNow >= deadline);

        // Instruction: eligibility, admissibility.
        var eligibility = await admin.GetAsync($"/api/applications/{dossier}/eligibility");
        await Expect(eligibility, HttpStatusCode.OK);
        await Expect(await admin.PostAsJsonAsync($"/api/applications/{dossier}/admissibility", new { decision = "Admissible", reason = "Dossier complet." }), HttpStatusCode.OK);

        // Review: the registered reviewer joins the jury, confirms having no conflict, is assigned and submits a complete review.
        var invited = await admin.PostAsJsonAsync($"/api/calls/{callId}/jury", new { email = "reviewer@jury.example", themes = new[] { "alimentation" } });
        await Expect(invited, HttpStatusCode.Created);
        var reviewerId = (await Json(invited))["userId"]!.GetValue<string>();
        using var reviewer = app.Client();
        await LoginAsync(reviewer, "reviewer@jury.example", ApiClientExtensions.Password); // signed in after the invitation: the token carries the Reviewer role
        await Expect(await reviewer.PostAsync($"/api/calls/{callId}/conflicts/confirm", null), HttpStatusCode.OK);
        var assigned = await admin.PostAsJsonAsync($"/api/calls/{callId}/assignments", new { applicationId = dossier, reviewerId });
        await Expect(assigned, HttpStatusCode.Created);
        var review = (await Json(assigned))["reviewId"]!.GetValue<Guid>();
        await Expect(await reviewer.PutAsJsonAsync($"/api/reviews/{review}", ReviewDriver.CompleteReview()), HttpStatusCode.OK);
        await Expect(await reviewer.PostAsync($"/api/reviews/{review}/submit", null), HttpStatusCode.OK);

        // Selection: frozen ranking, decision, publication.
        var frozen = await admin.PostAsJsonAsync($"/api/calls/{callId}/ranking/snapshots", new { basis = "Raw" });
        await Expect(frozen, HttpStatusCode.Created);
        var ranked = Assert.Single((await Json(frozen))["ranking"]!["dossiers"]!.AsArray());
        Assert.True(ranked!["fundable"]!.GetValue<bool>());
        await Expect(await admin.PutAsJsonAsync($"/api/applications/{dossier}/decision", new { outcome = "Selected", grantedAmount = 80_000 }), HttpStatusCode.OK);
        await Expect(await admin.PostAsync($"/api/calls/{callId}/decisions/publish", null), HttpStatusCode.OK);
        Assert.Equal("Selected", (await Json(await applicant.GetAsync($"/api/applications/{dossier}")))["status"]!.GetValue<string>());

        // The grant is opened by the dossier's workflow on the DossierSelected stimulus, not by the request.
        JsonArray grants = [];
        var opened = await PollAsync(TimeSpan.FromSeconds(30), async () =>
            (grants = (await Node(await admin.GetAsync($"/api/grants?callId={callId}"))).AsArray()).Count > 0);
        Assert.True(opened, $"the published decision opened a grant:\n{app.Output}");
        var grant = Assert.Single(grants)!;
        Assert.Equal(80_000m, grant["amount"]!.GetValue<decimal>());
        Assert.Equal("AwaitingSignature", grant["status"]!.GetValue<string>());
        var mine = (await Node(await applicant.GetAsync("/api/grants"))).AsArray();
        Assert.Equal(grant["id"]!.GetValue<Guid>(), Assert.Single(mine)!["id"]!.GetValue<Guid>());

        using var health = await admin.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain("did not start", app.Output);
    }

    /// <summary>Asks <paramref name="done"/> every half second until it answers true or <paramref name="patience"/> runs out.</summary>
    private static async Task<bool> PollAsync(TimeSpan patience, Func<Task<bool>> done)
    {
        var until = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < until)
        {
            if (await done()) return true;
            await Task.Delay(500);
        }
        return await done();
    }

    private static Dictionary<string, string> Settings(string folder, bool seed) => new()
    {
        ["ConnectionStrings:CallManager"] = $"Data Source={Path.Combine(folder, "db", "callmanager.db")}",
        ["Database:SqliteSynchronous"] = "NORMAL",
        ["Demo:Seed"] = seed ? "true" : "false",
        ["Mail:PickupDirectory"] = Path.Combine(folder, "mail"),
        ["Mail:Dispatcher:Enabled"] = "false",
    };

    private static async Task<JsonElement> DefinitionsHealthAsync(HttpClient client)
    {
        using var health = await client.GetAsync("/health");
        using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("checks").GetProperty("definitions").Clone();
    }

    private static async Task LoginAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("accessToken").GetString());
    }

    /// <summary>A fresh folder under the system's temporary folder, deleted afterwards.</summary>
    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cm-elsewhere-" + Guid.NewGuid().ToString("N"))).FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { } // the app may still hold a file for a moment; the system cleans temporary folders
        }
    }
}
