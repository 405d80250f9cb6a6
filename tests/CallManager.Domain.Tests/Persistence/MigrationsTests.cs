using CallManager.Domain.Submissions;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Organisations;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Audit;
using CallManager.Testing;
using CallManager.Domain.Persistence;
using CallManager.Domain.Persistence.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallManager.Domain.Tests.Persistence;

public class MigrationsTests
{
    private static readonly CallManager.Domain.Audit.AuditChainKey Key = CallManager.Domain.Audit.AuditChainKey.Generate();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrations_apply_on_a_live_database_and_create_every_table_of_the_model(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using var db = database.NewContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).Where(t => t is not null).Distinct().ToList();
        foreach (var table in tables)
        {
            // Counting rows proves the table exists with the mapped name on this engine.
            var sql = provider == DatabaseProvider.PostgreSql ? $"SELECT COUNT(*) AS \"Value\" FROM \"{table}\"" : $"SELECT COUNT(*) AS Value FROM \"{table}\"";
            var count = await db.Database.SqlQueryRaw<int>(sql).SingleAsync();
            Assert.Equal(0, count);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Every_provider_has_migrations_matching_the_current_model(DatabaseProvider provider)
    {
        using var db = DesignTimeContext(provider);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model changed since the last {provider} migration: run scripts/add-migration.sh <Name>.");
    }

    [Fact]
    public void The_SQL_Server_script_creates_or_renames_into_every_table_of_the_model()
    {
        using var db = DesignTimeContext(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().ToList();
        Assert.NotEmpty(tables);
        // A table may reach its name through a later rename (ApplicationReads became ApplicationReads) rather than its CREATE.
        foreach (var table in tables)
            Assert.True(script.Contains($"CREATE TABLE [{table}]") || script.Contains($"EXEC sp_rename N'[", StringComparison.Ordinal) && script.Contains($"N'{table}'"),
                $"The SQL Server script neither creates nor renames a table into [{table}].");
    }

    [Fact]
    public void On_SQL_Server_the_one_live_grant_per_dossier_index_is_filtered_with_bracketed_identifiers()
    {
        using var db = DesignTimeContext(DatabaseProvider.SqlServer);
        var migrator = db.GetService<IMigrator>();
        var script = migrator.GenerateScript();
        var idempotent = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE UNIQUE INDEX [IX_Grants_ApplicationId] ON [Grants] ([ApplicationId]) WHERE [Status] <> 'Cancelled';", script);
        // The idempotent script runs a filtered index through EXEC, its quotes doubled.
        Assert.Contains("EXEC(N'CREATE UNIQUE INDEX [IX_Grants_ApplicationId] ON [Grants] ([ApplicationId]) WHERE [Status] <> ''Cancelled''');", idempotent);
        Assert.DoesNotContain("\"Status\"", script); // double-quoted identifiers depend on QUOTED_IDENTIFIER, off under sqlcmd
    }

    [Fact]
    public void On_SQL_Server_the_due_timer_index_is_filtered_with_bracketed_identifiers_and_status_has_no_index_of_its_own()
    {
        using var db = DesignTimeContext(DatabaseProvider.SqlServer);
        var migrator = db.GetService<IMigrator>();
        var script = migrator.GenerateScript(fromMigration: "ReselectGrant");
        var idempotent = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("DROP INDEX [IX_WorkflowBookmarks_DueAt] ON [WorkflowBookmarks];", script);
        Assert.Contains("CREATE INDEX [IX_WorkflowBookmarks_DueAt] ON [WorkflowBookmarks] ([DueAt]) WHERE [DueAt] IS NOT NULL;", script);
        Assert.Contains("EXEC(N'CREATE INDEX [IX_WorkflowBookmarks_DueAt] ON [WorkflowBookmarks] ([DueAt]) WHERE [DueAt] IS NOT NULL');", idempotent);
        Assert.Contains("DROP INDEX [IX_WorkflowInstances_Status] ON [WorkflowInstances];", script);
        Assert.DoesNotContain("IX_WorkflowInstances_DefinitionId_Status", script); // the composite index stays as it was
        Assert.DoesNotContain("\"DueAt\"", script);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task On_a_live_database_the_due_timer_index_is_partial_and_status_is_indexed_only_with_the_definition(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using var db = database.NewContext();

        var sql = provider == DatabaseProvider.Sqlite
            ? "SELECT name AS \"Name\", sql AS \"Definition\" FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('WorkflowBookmarks', 'WorkflowInstances') AND sql IS NOT NULL"
            : "SELECT indexname AS \"Name\", indexdef AS \"Definition\" FROM pg_indexes WHERE tablename IN ('WorkflowBookmarks', 'WorkflowInstances')";
        var indexes = (await db.Database.SqlQueryRaw<IndexRow>(sql).ToListAsync()).ToDictionary(i => i.Name, i => i.Definition);

        Assert.EndsWith(provider == DatabaseProvider.Sqlite ? "(\"DueAt\") WHERE \"DueAt\" IS NOT NULL" : "(\"DueAt\") WHERE (\"DueAt\" IS NOT NULL)",
            indexes["IX_WorkflowBookmarks_DueAt"]);
        Assert.False(indexes.ContainsKey("IX_WorkflowInstances_Status"));
        Assert.EndsWith("(\"DefinitionId\", \"Status\")", indexes["IX_WorkflowInstances_DefinitionId_Status"]);
    }

    [Fact]
    public async Task On_SQLite_the_leaner_runtime_indexes_migration_goes_back_down_to_the_full_indexes()
    {
        using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        await using (var db = database.NewContext())
            await db.GetService<IMigrator>().MigrateAsync("ReselectGrant");

        await using var back = database.NewContext();
        var indexes = await back.Database.SqlQueryRaw<IndexRow>(
            "SELECT name AS \"Name\", sql AS \"Definition\" FROM sqlite_master WHERE name IN ('IX_WorkflowBookmarks_DueAt', 'IX_WorkflowInstances_Status')").ToListAsync();
        Assert.Equal(2, indexes.Count);
        Assert.All(indexes, i => Assert.DoesNotContain("WHERE", i.Definition));
        Assert.EndsWith("_LeanerRuntimeIndexes", (await back.Database.GetPendingMigrationsAsync()).First()); // and the later ones
    }

    [Fact]
    public void On_SQL_Server_the_unique_reserve_rank_index_is_filtered_with_bracketed_identifiers_and_goes_back_down()
    {
        using var db = DesignTimeContext(DatabaseProvider.SqlServer);
        var migrator = db.GetService<IMigrator>();
        var up = migrator.GenerateScript(fromMigration: "LeanerRuntimeIndexes", toMigration: "UniqueReserveRank");
        var idempotent = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var down = migrator.GenerateScript(fromMigration: "UniqueReserveRank", toMigration: "LeanerRuntimeIndexes");

        Assert.Contains("CREATE UNIQUE INDEX [IX_Decisions_CallId_ReserveRank] ON [Decisions] ([CallId], [ReserveRank]) " +
            "WHERE [ReserveRank] IS NOT NULL AND [WithdrawnAt] IS NULL;", up);
        Assert.Contains("EXEC(N'CREATE UNIQUE INDEX [IX_Decisions_CallId_ReserveRank] ON [Decisions] ([CallId], [ReserveRank]) " +
            "WHERE [ReserveRank] IS NOT NULL AND [WithdrawnAt] IS NULL');", idempotent);
        Assert.DoesNotContain("\"ReserveRank\"", up);
        // Shared ranks are moved apart before the index is created (bracketed T-SQL, no PostgreSQL NULLS LAST).
        var renumber = up.IndexOf("ROW_NUMBER() OVER (PARTITION BY [CallId], [ReserveRank] ORDER BY CASE WHEN [PublishedAt] IS NULL", StringComparison.Ordinal);
        Assert.InRange(renumber, 0, up.IndexOf("CREATE UNIQUE INDEX [IX_Decisions_CallId_ReserveRank]", StringComparison.Ordinal));
        Assert.Contains("UPDATE d SET [ReserveRank] = moved.new_rank FROM [Decisions] d JOIN moved ON d.[Id] = moved.[Id];", up);
        Assert.DoesNotContain("NULLS LAST", up);
        Assert.Contains("DROP INDEX [IX_Decisions_CallId_ReserveRank] ON [Decisions];", down);
        Assert.DoesNotContain("IX_Decisions_CallId];", up); // the plain call index stays: the filtered one cannot replace it
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task On_a_live_database_the_reserve_rank_index_is_unique_and_partial_and_goes_back_down(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var sql = provider == DatabaseProvider.Sqlite
            ? "SELECT name AS \"Name\", sql AS \"Definition\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Decisions' AND sql IS NOT NULL"
            : "SELECT indexname AS \"Name\", indexdef AS \"Definition\" FROM pg_indexes WHERE tablename = 'Decisions'";
        await using (var db = database.NewContext())
        {
            var indexes = (await db.Database.SqlQueryRaw<IndexRow>(sql).ToListAsync()).ToDictionary(i => i.Name, i => i.Definition);
            var definition = indexes["IX_Decisions_CallId_ReserveRank"];
            Assert.StartsWith("CREATE UNIQUE INDEX", definition);
            Assert.EndsWith(provider == DatabaseProvider.Sqlite
                ? "(\"CallId\", \"ReserveRank\") WHERE \"ReserveRank\" IS NOT NULL AND \"WithdrawnAt\" IS NULL"
                : "(\"CallId\", \"ReserveRank\") WHERE ((\"ReserveRank\" IS NOT NULL) AND (\"WithdrawnAt\" IS NULL))", definition);
            Assert.True(indexes.ContainsKey("IX_Decisions_CallId"));
            await db.GetService<IMigrator>().MigrateAsync("LeanerRuntimeIndexes");
        }
        await using var back = database.NewContext();
        var after = (await back.Database.SqlQueryRaw<IndexRow>(sql).ToListAsync()).Select(i => i.Name).ToList();
        Assert.DoesNotContain("IX_Decisions_CallId_ReserveRank", after);
        Assert.Contains("IX_Decisions_CallId", after);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Live_decisions_sharing_a_reserve_rank_before_the_unique_index_are_renumbered_after_the_call_s_last_rank(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var t = TestClock.Start;
        var call = NewCall("PTCE-A");
        var other = NewCall("PTCE-B");
        var organisation = new Organisation { Name = "Pôle", Siren = "732829320" };
        var decisions = new Dictionary<string, Decision>();
        void Reserve(Call c, string name, int rank, DateTimeOffset? published = null, DateTimeOffset? staged = null, bool withdrawn = false) =>
            decisions[name] = new Decision
            {
                CallId = c.Id, Outcome = DecisionOutcome.Reserve, ReserveRank = rank, StagedBy = "admin", StagedAt = staged ?? t,
                PublishedAt = published, WithdrawnAt = withdrawn ? t : null,
            };
        Reserve(call, "later-published", 1, published: t.AddHours(2));
        Reserve(call, "first-published", 1, published: t.AddHours(1));
        Reserve(call, "staged", 1);
        Reserve(call, "second", 2, published: t.AddHours(1));
        Reserve(call, "withdrawn", 2, published: t.AddHours(1), withdrawn: true);
        Reserve(call, "third", 3, staged: t);
        Reserve(call, "third-staged-later", 3, staged: t.AddMinutes(5));
        Reserve(other, "other-call", 1);
        await using (var db = database.NewContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("LeanerRuntimeIndexes"); // before the unique index
            await OldSchemaRows.InsertAsync(db, call, other, organisation);
            foreach (var (name, decision) in decisions)
            {
                var dossier = new Application { CallId = decision.CallId, Reference = name, LeadOrganisationId = organisation.Id, Status = ApplicationStatus.Admissible };
                decision.ApplicationId = dossier.Id;
                await OldSchemaRows.InsertAsync(db, dossier, decision);
            }
        }

        await using (var db = database.NewContext())
            await db.Database.MigrateAsync();

        await using var check = database.NewContext();
        var ranks = await check.Set<Decision>().Join(check.Set<Application>(), d => d.ApplicationId, a => a.Id, (d, a) => new { a.Reference, d.ReserveRank })
            .ToDictionaryAsync(x => x.Reference, x => x.ReserveRank);
        Assert.Equal(new Dictionary<string, int?>
        {
            ["first-published"] = 1, ["later-published"] = 4, ["staged"] = 5, ["second"] = 2, ["withdrawn"] = 2,
            ["third"] = 3, ["third-staged-later"] = 6, ["other-call"] = 1,
        }, ranks);
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
    }

    private static Call NewCall(string code) => new()
    {
        Code = code, TitleFr = code, Budget = 200_000, MaxGrant = 100_000, Criteria = PtceCall.Criteria, Status = CallStatus.Published,
    };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void On_SQLite_and_PostgreSQL_the_reserve_rank_index_filter_quotes_the_columns(DatabaseProvider provider)
    {
        using var db = DesignTimeContext(provider);
        var index = db.Model.FindEntityType(typeof(CallManager.Domain.Selection.Decisions.Decision))!.GetIndexes()
            .Single(i => i.Properties.Select(p => p.Name).SequenceEqual(["CallId", "ReserveRank"]));
        Assert.True(index.IsUnique);
        Assert.Equal("\"ReserveRank\" IS NOT NULL AND \"WithdrawnAt\" IS NULL", index.GetFilter());
    }

    public sealed record IndexRow(string Name, string Definition);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void On_SQLite_and_PostgreSQL_the_grant_index_filter_quotes_the_column(DatabaseProvider provider)
    {
        using var db = DesignTimeContext(provider);
        var index = db.Model.FindEntityType(typeof(CallManager.Domain.Grants.Grant))!.GetIndexes().Single(i => i.Properties.Select(p => p.Name).SequenceEqual(["ApplicationId"]));
        Assert.True(index.IsUnique);
        Assert.Equal("\"Status\" <> 'Cancelled'", index.GetFilter());
    }

    [SqlServerFact]
    public async Task SQL_Server_migrations_apply_on_a_live_server_when_one_is_given()
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = SqlServerFactAttribute.ConnectionString };
        await using var db = DbContextOptionsFactory.Create(options);
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());

        // The audit chain's application lock (sp_getapplock): appends at the same moment queue and all land on one chain.
        var clock = TestClock.Create();
        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            await using var context = DbContextOptionsFactory.Create(options);
            await new AuditLog(context, clock, Key).AppendAsync(Actor.System, "LiveCheck", i, null, "checked", null, null);
            await context.SaveChangesAsync();
        })));
        Assert.True((await new AuditLog(db, clock, Key).VerifyAsync()).Intact);
    }

    private static CallManagerDbContext DesignTimeContext(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDesignTimeFactory().CreateDbContext([]),
        DatabaseProvider.PostgreSql => new PostgreSqlDesignTimeFactory().CreateDbContext([]),
        _ => new SqlServerDesignTimeFactory().CreateDbContext([]),
    };
}
