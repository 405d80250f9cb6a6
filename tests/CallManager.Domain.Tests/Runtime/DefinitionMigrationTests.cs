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

/// <summary>
/// Definitions managed while the app runs (issue 15, item 5): comparing versions, the start-up rule between the folder and
/// uploaded versions, and moving suspended instances to another version (dry run, refusals with their reason, a concurrent resume).
/// </summary>
[Collection(RuntimeCollection.Name)]
public class DefinitionMigrationTests
{
    /// <summary>v1: start → wait-docs (Docs) → wait-review (Review) → set Result = "v1" → end.</summary>
    private static string V1() => Definition("dossier",
        [Activity("start", "Start"), Activity("wait-docs", "WaitForSignal", ("signal", Literal("Docs"))),
         Activity("wait-review", "WaitForSignal", ("signal", Literal("Review"))),
         Activity("set", "SetVariable", ("variable", "Result"), ("value", Literal("v1"))), Activity("end", "Finish")],
        [("start", "Done", "wait-docs"), ("wait-docs", "Done", "wait-review"), ("wait-review", "Done", "set"), ("set", "Done", "end")],
        new JsonObject { ["Result"] = "" });

    /// <summary>v2: no wait-docs any more; wait-review leads to a new note activity, then Result = "v2"; a new variable Reviewer.</summary>
    private static string V2() => Definition("dossier",
        [Activity("start", "Start"), Activity("wait-review", "WaitForSignal", ("signal", Literal("Review"))),
         Activity("note", "SetVariable", ("variable", "Reviewer"), ("value", Literal("jury"))),
         Activity("set", "SetVariable", ("variable", "Result"), ("value", Literal("v2"))), Activity("end", "Finish")],
        [("start", "Done", "wait-review"), ("wait-review", "Done", "note"), ("note", "Done", "set"), ("set", "Done", "end")],
        new JsonObject { ["Result"] = "", ["Reviewer"] = "nobody" });

    private static Task<T> WithAsync<T>(RuntimeHost host, Func<DefinitionMigration, Task<T>> action) =>
        host.InScopeAsync(s => action(s.GetRequiredService<DefinitionMigration>()));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_dry_run_says_which_instances_move_and_why_the_others_cannot_then_the_movable_ones_move_and_finish_on_the_new_version(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(V1());
        var atDocs = await host.Runtime.StartAsync(new StartRequest("dossier", "a"));
        host.Clock.Advance(TimeSpan.FromSeconds(1)); // instances are listed oldest first; on one fake instant the order would fall to the ids' random bits
        var atReview = await host.Runtime.StartAsync(new StartRequest("dossier", "b"));
        await host.Runtime.StimulateAsync(new Stimulus("Docs", "b"));
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var finished = await host.Runtime.StartAsync(new StartRequest("dossier", "c"));
        await host.Runtime.StimulateAsync(new Stimulus("Docs", "c"));
        await host.Runtime.StimulateAsync(new Stimulus("Review", "c"));
        await host.PublishValidAsync(V2());
        var request = new DefinitionMigration.Request("dossier", 1, 2);

        var plan = await WithAsync(host, m => m.PlanAsync(request));
        var afterPlan = await host.InstanceAsync(atReview.Id);
        var result = await WithAsync(host, m => m.MigrateAsync(request));
        await host.Runtime.StimulateAsync(new Stimulus("Review", "b"));
        await host.Runtime.StimulateAsync(new Stimulus("Docs", "a"));

        // The finished instance is not listed; the one waiting in wait-docs cannot move, with the reason in those words.
        Assert.Equal([(atDocs.Id, false, "activity `wait-docs` does not exist in version 2."), (atReview.Id, true, "")],
            plan.Instances.Select(i => (i.InstanceId, i.CanMove, string.Join(" ", i.Reasons.Select(r => r.ToString())))).ToArray());
        Assert.Equal(1, afterPlan.DefinitionVersion); // the dry run changed nothing
        Assert.Equal([(atDocs.Id, DefinitionMigration.Outcome.Refused), (atReview.Id, DefinitionMigration.Outcome.Migrated)],
            result.Instances.Select(i => (i.InstanceId, i.Outcome)).ToArray());
        Assert.Equal(["Reviewer"], result.Instances[1].VariablesAdded);
        var moved = await host.InstanceAsync(atReview.Id);
        var variables = JsonNode.Parse(moved.VariablesJson)!;
        Assert.Equal((2, WorkflowStatus.Finished, "v2", "jury"), (moved.DefinitionVersion, moved.Status, variables["Result"]!.GetValue<string>(), variables["Reviewer"]!.GetValue<string>()));
        Assert.Contains(await host.JournalAsync(atReview.Id), j => j.Event == "Migrated" && j.Detail!.StartsWith("v1 → v2", StringComparison.Ordinal));
        var stayed = await host.InstanceAsync(atDocs.Id);
        Assert.Equal((1, WorkflowStatus.Suspended), (stayed.DefinitionVersion, stayed.Status)); // still on v1, now waiting in wait-review
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(finished.Id)).Status);
        var counts = await host.InScopeAsync(s => s.GetRequiredService<WorkflowQueries>().VersionsAsync("dossier"));
        Assert.Equal([(2, 1), (1, 2)], counts.Select(v => (v.Version, v.Total)).ToArray());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_instance_resumed_while_it_is_migrated_is_left_whole_on_its_version(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(provider);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(V1());
        var instance = await host.Runtime.StartAsync(new StartRequest("dossier", "a"));
        await host.Runtime.StimulateAsync(new Stimulus("Docs", "a"));
        await host.PublishValidAsync(V2());

        // The audit hook runs inside the instance's unit of work, before its commit: a resume committed there is a concurrent writer.
        var result = await WithAsync(host, m => m.MigrateAsync(new DefinitionMigration.Request("dossier", 1, 2),
            async (_, ct) => await host.Runtime.StimulateAsync(new Stimulus("Review", "a"), ct)));

        var after = await host.InstanceAsync(instance.Id);
        Assert.Equal(DefinitionMigration.Outcome.Conflict, result.Instances.Single().Outcome);
        Assert.Contains("was resumed while it was being migrated", result.Instances.Single().Reasons.Single().ToString());
        Assert.Equal((1, WorkflowStatus.Finished, "v1"), (after.DefinitionVersion, after.Status, JsonNode.Parse(after.VariablesJson)!["Result"]!.GetValue<string>()));
        Assert.DoesNotContain(await host.JournalAsync(instance.Id), j => j.Event == "Migrated");
    }

    [Fact]
    public async Task Unknown_versions_and_the_same_version_twice_are_refused_with_what_to_fix()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        await host.PublishValidAsync(V1());

        var same = await Assert.ThrowsAsync<CallManager.Domain.Common.DomainException>(() => WithAsync(host, m => m.PlanAsync(new("dossier", 1, 1))));
        var missing = await Assert.ThrowsAsync<CallManager.Domain.Common.DomainException>(() => WithAsync(host, m => m.MigrateAsync(new("dossier", 1, 3))));

        Assert.Equal(CallManager.Domain.Common.DomainErrorKind.Invalid, same.Kind);
        Assert.Equal("Version 3 of workflow definition 'dossier' was not found.", missing.Message);
    }

    [Fact]
    public async Task Comparing_two_versions_lists_activities_connections_and_variables_that_changed()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        var loader = host.Services.GetRequiredService<DefinitionLoader>();

        var diff = DefinitionComparison.Compare(1, loader.Load("v1.json", V1()), 2, loader.Load("v2.json", V2()));

        Assert.Equal(["note"], diff.ActivitiesAdded.Select(a => a.Id));
        Assert.Equal([("wait-docs", "WaitForSignal")], diff.ActivitiesRemoved.Select(a => (a.Id, a.Type)));
        var set = Assert.Single(diff.ActivitiesChanged);
        Assert.Equal(("set", "value"), (set.Id, set.Properties.Single().Name));
        Assert.Contains("v2", set.Properties.Single().After);
        Assert.Contains("'wait-review' (port Done) → 'note'", diff.ConnectionsAdded);
        Assert.Contains("'start' (port Done) → 'wait-docs'", diff.ConnectionsRemoved);
        Assert.Equal(["Reviewer"], diff.VariablesAdded);
        Assert.Empty(diff.VariablesRemoved);
        Assert.True(DefinitionComparison.Compare(1, loader.Load("a", V1()), 1, loader.Load("b", V1())).IsEmpty);
    }

    [Fact]
    public async Task At_start_up_an_unchanged_folder_file_keeps_a_version_uploaded_since_and_a_changed_file_becomes_the_next_version()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database);
        var root = Path.Combine(Path.GetTempPath(), "cm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "workflows"));
        var file = Path.Combine(root, "workflows", "dossier.json");
        await File.WriteAllTextAsync(file, V1());
        Task<IReadOnlyList<DefinitionStore.PublishResult>> StartUpAsync() => host.InScopeAsync(s =>
        {
            var files = s.GetRequiredService<DefinitionFiles>();
            return files.PublishAsync(s.RuntimeDb(), root, files.Find(root));
        });

        var first = (await StartUpAsync()).Single();
        var upload = await host.PublishAsync(V2(), DefinitionStore.UploadPrefix + "dossier-v2.json");
        var restart = (await StartUpAsync()).Single();
        await File.WriteAllTextAsync(file, V1().Replace("\"v1\"", "\"v3\""));
        var edited = (await StartUpAsync()).Single();

        Assert.Equal([(PublishOutcome.Published, 1), (PublishOutcome.Published, 2), (PublishOutcome.KeptUpload, 2), (PublishOutcome.Published, 3)],
            new[] { first, upload, restart, edited }.Select(r => (r.Outcome, r.Version ?? 0)).ToArray());
        Directory.Delete(root, recursive: true);
    }
}
