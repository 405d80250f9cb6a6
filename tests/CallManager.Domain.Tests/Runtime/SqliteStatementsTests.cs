using CallManager.Domain.Persistence;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Sqlite;
using CallManager.Runtime.Stimuli;
using CallManager.Runtime.Storage;
using CallManager.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// The group-commit writer's statements run through SQLite's API with values converted by <see cref="TableSql"/>: the rows
/// they write must be the very rows EF Core writes (same storage classes, same text), or EF's queries would miss them.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class SqliteStatementsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 10, 30, 15, 123, TimeSpan.FromHours(1));

    [Fact]
    public async Task Rows_inserted_through_the_writers_statements_are_stored_exactly_as_ef_core_stores_them()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var (efInstance, rawInstance) = (Instance(), Instance());
        var (efBookmark, rawBookmark) = (Bookmark(efInstance.Id), Bookmark(rawInstance.Id));
        var (efStimulus, rawStimulus) = (Stimulus("ef"), Stimulus("raw"));
        await using (var db = database.NewRuntimeContext())
        {
            db.AddRange(efInstance, efBookmark, efStimulus, new WorkflowJournalStep { InstanceId = efInstance.Id, At = At, LinesJson = "[{\"event\":\"Started\"}]" });
            await db.SaveChangesAsync();
        }

        await WithStatementsAsync(database, async (db, statements) =>
        {
            await statements.InsertAsync(TableSql.For<WorkflowInstance>(db), [rawInstance], default);
            await statements.InsertAsync(TableSql.For<WorkflowBookmark>(db), [rawBookmark], default);
            await statements.InsertAsync(TableSql.For<WorkflowStimulus>(db), [rawStimulus], default);
            await statements.InsertAsync(TableSql.For<WorkflowJournalStep>(db), [new WorkflowJournalStep { InstanceId = rawInstance.Id, At = At, LinesJson = "[{\"event\":\"Started\"}]" }], default);
        });

        await AssertSameStorageAsync(database, "WorkflowInstances", "Id", efInstance.Id, rawInstance.Id, except: []);
        await AssertSameStorageAsync(database, "WorkflowBookmarks", "Id", efBookmark.Id, rawBookmark.Id, except: ["InstanceId"]);
        await AssertSameStorageAsync(database, "WorkflowStimuli", "Id", efStimulus.Id, rawStimulus.Id, except: ["IdempotencyKey"]);
        await AssertSameStorageAsync(database, "WorkflowJournal", "InstanceId", efInstance.Id, rawInstance.Id, except: ["Id"]);
        await using (var db = database.NewRuntimeContext())
        {
            // And EF Core reads them back as written, through the indexes its own queries use.
            var read = await db.Set<WorkflowInstance>().SingleAsync(i => i.Id == rawInstance.Id && i.Status == WorkflowStatus.Suspended);
            Assert.Equal((rawInstance.CorrelationId, rawInstance.CreatedAt, rawInstance.FinishedAt, rawInstance.Version), (read.CorrelationId, read.CreatedAt, read.FinishedAt, read.Version));
            Assert.Equal(rawBookmark.Id, (await db.Set<WorkflowBookmark>().SingleAsync(b => b.Name == "Go" && b.CorrelationId == "c-1" && b.InstanceId == rawInstance.Id)).Id);
            Assert.True(await db.Set<WorkflowStimulus>().AnyAsync(s => s.IdempotencyKey == "raw"));
        }
    }

    [Fact]
    public async Task The_versioned_update_changes_the_row_read_and_refuses_a_stale_version()
    {
        using var database = await TestDatabase.CreateRuntimeOnlyAsync(DatabaseProvider.Sqlite);
        var instance = Instance();
        await using (var db = database.NewRuntimeContext())
        {
            db.Add(instance);
            await db.SaveChangesAsync();
        }
        instance.Status = WorkflowStatus.Finished;
        instance.FinishedAt = At.AddMinutes(5);
        instance.VariablesJson = "{\"done\":true}";

        await WithStatementsAsync(database, (db, statements) => statements.UpdateVersionedAsync(TableSql.For<WorkflowInstance>(db), instance, default).AsTask());
        var stale = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() =>
            WithStatementsAsync(database, (db, statements) => statements.UpdateVersionedAsync(TableSql.For<WorkflowInstance>(db), instance, default).AsTask()));

        Assert.Contains("another writer", stale.Message);
        await using (var db = database.NewRuntimeContext())
        {
            var read = await db.Set<WorkflowInstance>().SingleAsync(i => i.Id == instance.Id && i.Status == WorkflowStatus.Finished);
            Assert.Equal((1L, "{\"done\":true}", At.AddMinutes(5)), (read.Version, read.VariablesJson, read.FinishedAt));
        }
    }

    private static async Task WithStatementsAsync(TestDatabase database, Func<DbContext, SqliteStatements, Task> write)
    {
        await using var db = database.NewRuntimeContext();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        using var statements = new SqliteStatements((SqliteConnection)db.Database.GetDbConnection());
        await write(db, statements);
        await transaction.CommitAsync();
    }

    /// <summary>Every column but the key and <paramref name="except"/> holds the same value in the same storage class in both rows; the key the same form.</summary>
    private static async Task AssertSameStorageAsync(TestDatabase database, string table, string key, Guid ef, Guid raw, string[] except)
    {
        var efRow = await RowAsync(database, table, key, ef);
        var rawRow = await RowAsync(database, table, key, raw);
        Assert.Equal(efRow.Keys.Order(), rawRow.Keys.Order());
        foreach (var column in efRow.Keys.Where(c => c != key && !except.Contains(c)))
            Assert.True(efRow[column] == rawRow[column], $"{table}.{column}: EF Core stored {efRow[column]}, the writer's statement {rawRow[column]}");
        Assert.Equal(efRow[key].Type, rawRow[key].Type);
        Assert.Equal($"'{raw.ToString().ToUpperInvariant()}'", rawRow[key].Quoted); // a Guid as EF Core writes it: upper-case text
        foreach (var column in except) Assert.Equal(efRow[column].Type, rawRow[column].Type);
    }

    private static async Task<Dictionary<string, (string Type, string Quoted)>> RowAsync(TestDatabase database, string table, string key, Guid id)
    {
        await using var connection = new SqliteConnection(database.Options.EffectiveConnectionString());
        await connection.OpenAsync();
        await using var columns = connection.CreateCommand();
        columns.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        var names = new List<string>();
        await using (var reader = await columns.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {string.Join(", ", names.Select(n => $"typeof(\"{n}\"), quote(\"{n}\")"))} FROM \"{table}\" WHERE \"{key}\" = $id";
        select.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
        await using var row = await select.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync(), $"no row of {table} with {key} {id}");
        return names.Select((n, i) => (n, Value: (row.GetString(2 * i), row.GetString(2 * i + 1)))).ToDictionary(x => x.n, x => x.Value);
    }

    private static WorkflowInstance Instance() => new()
    {
        Id = Guid.CreateVersion7(), DefinitionId = "bench", DefinitionVersion = 3, DefinitionVersionId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Status = WorkflowStatus.Suspended, CorrelationId = "c-1", StartKey = null, VariablesJson = "{\"é\":\"ü€\"}", InputJson = "{}",
        StateJson = "{}", CreatedAt = At, UpdatedAt = At.AddSeconds(1), FinishedAt = null, Version = 0,
    };

    private static WorkflowBookmark Bookmark(Guid instanceId) => new()
    {
        Id = Guid.CreateVersion7(), InstanceId = instanceId, ActivityId = "wait", Name = "Go", CorrelationId = "c-1", DueAt = At.AddDays(2), JobId = null, CreatedAt = At,
    };

    private static WorkflowStimulus Stimulus(string key) => new()
    {
        Id = Guid.CreateVersion7(), Name = "Go", CorrelationId = null, InstanceId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), PayloadJson = "{\"n\":1}",
        IdempotencyKey = key, ReceivedAt = At, DeliveredAt = At.AddTicks(7), Version = 0,
    };
}
