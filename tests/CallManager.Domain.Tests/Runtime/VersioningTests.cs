using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using CallManager.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public class VersioningTests
{
    /// <summary>Start → WaitForSignal(Go) → SetVariable(Result = <paramref name="result"/>) → Finish.</summary>
    private static string Versioned(string result) => Definition("pinned",
        [Activity("start", "Start"), Activity("wait", "WaitForSignal", ("signal", Literal("Go"))),
         Activity("set", "SetVariable", ("variable", "Result"), ("value", Literal(result))), Activity("end", "Finish")],
        [("start", "Done", "wait"), ("wait", "Done", "set"), ("set", "Done", "end")]);

    private static async Task<string> ResultAsync(RuntimeHost host, Guid id) =>
        JsonNode.Parse((await host.InstanceAsync(id)).VariablesJson)!["Result"]!.GetValue<string>();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_instance_started_on_v1_finishes_on_v1_after_v2_is_published(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(Versioned("one"));
        var old = await host.Runtime.StartAsync(new StartRequest("pinned", "a"));

        var v2 = await host.PublishAsync(Versioned("two"));
        var recent = await host.Runtime.StartAsync(new StartRequest("pinned", "b"));
        await host.Runtime.StimulateAsync(new Stimulus("Go", "a"));
        await host.Runtime.StimulateAsync(new Stimulus("Go", "b"));

        Assert.Equal((PublishOutcome.Published, 2), (v2.Outcome, v2.Version));
        Assert.Equal((1, "one"), (old.DefinitionVersion, await ResultAsync(host, old.Id)));
        Assert.Equal((2, "two"), (recent.DefinitionVersion, await ResultAsync(host, recent.Id)));
    }

    [Fact]
    public async Task An_unchanged_file_publishes_nothing_and_a_changed_one_the_next_version()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);

        var first = await host.PublishAsync(Versioned("one"));
        var same = await host.PublishAsync(Versioned("one"));
        var changed = await host.PublishAsync(Versioned("two"));
        var back = await host.PublishAsync(Versioned("one"));

        Assert.Equal([(PublishOutcome.Published, 1), (PublishOutcome.Unchanged, 1), (PublishOutcome.Published, 2), (PublishOutcome.Published, 3)],
            new[] { first, same, changed, back }.Select(r => (r.Outcome, r.Version ?? 0)).ToArray());
        var versions = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().DefinitionsAsync());
        Assert.Equal([1, 2, 3], versions.Select(v => v.Version));
    }

    [Fact]
    public async Task An_invalid_file_is_refused_whole_and_the_other_files_still_publish()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        var root = Path.Combine(Path.GetTempPath(), "cm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "workflows"));
        await File.WriteAllTextAsync(Path.Combine(root, "workflows", "good.json"), Versioned("one"));
        await File.WriteAllTextAsync(Path.Combine(root, "workflows", "bad.json"), Versioned("one").Replace("\"pinned\"", "\"broken\"").Replace("\"Finish\"", "\"Elsa.Unknown\""));

        var results = await host.InScopeAsync(s =>
        {
            var files = s.GetRequiredService<DefinitionFiles>();
            return files.PublishAsync(s.RuntimeDb(), root, files.Find(root));
        });

        Assert.Equal([("workflows/bad.json", PublishOutcome.Refused), ("workflows/good.json", PublishOutcome.Published)], results.Select(r => (r.File, r.Outcome)));
        // An unknown Elsa type is named as Elsa's, with the JSON path of its type (issue 15).
        Assert.Matches(@"^workflows/bad\.json: activity 'end' \(at root\.activities\[\d+\]\.type\): Elsa activity `Elsa\.Unknown` is not implemented here\. ",
            results[0].Problems.Single().ToString());
        var published = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().DefinitionsAsync());
        Assert.Equal(["pinned"], published.Select(v => v.DefinitionId));
        Directory.Delete(root, recursive: true);
    }
}
