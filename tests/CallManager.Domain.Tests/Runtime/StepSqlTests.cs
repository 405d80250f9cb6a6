using System.Text;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// The step writer's SQL comes from each provider's EF Core model: its quoting, column names and value conversions.
/// SQL Server cannot run on this machine, so its text is checked here without a server (nothing connects).
/// </summary>
public sealed class StepSqlTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "\"WorkflowJournal\"", "\"At\"")]
    [InlineData(DatabaseProvider.PostgreSql, "\"WorkflowJournal\"", "\"At\"")]
    [InlineData(DatabaseProvider.SqlServer, "[WorkflowJournal]", "[At]")]
    public void Journal_rows_are_inserted_in_one_statement_with_the_provider_quoting_and_no_identity_column(DatabaseProvider provider, string table, string column)
    {
        using var db = Context(provider);
        using var command = db.Database.GetDbConnection().CreateCommand();
        var text = new StringBuilder();
        var instanceId = Guid.CreateVersion7();
        TableSql.For<WorkflowJournalStep>(db).AppendInsert(command, text,
            [WorkflowJournalStep.Of(instanceId, [Line(instanceId, "Resumed"), Line(instanceId, "Completed")]), WorkflowJournalStep.Of(instanceId, [Line(instanceId, "Finished")])]);
        Assert.StartsWith($"INSERT INTO {table} ({column}, ", text.ToString());
        Assert.EndsWith("VALUES (@p0, @p1, @p2), (@p3, @p4, @p5);\n", text.ToString());
        Assert.DoesNotContain(provider == DatabaseProvider.SqlServer ? "[Id]" : "\"Id\"", text.ToString());
        Assert.Equal(6, command.Parameters.Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Values_are_converted_as_the_model_stores_them(DatabaseProvider provider)
    {
        using var db = Context(provider);
        using var command = db.Database.GetDbConnection().CreateCommand();
        var table = TableSql.For<WorkflowInstance>(db);
        var status = table.Value(command, nameof(WorkflowInstance.Status), WorkflowStatus.Suspended);
        var updated = table.Value(command, nameof(WorkflowInstance.UpdatedAt), At);
        var finished = table.Value(command, nameof(WorkflowInstance.FinishedAt), null);
        Assert.Equal(("@p0", "@p1", "@p2"), (status, updated, finished));
        Assert.Equal("Suspended", command.Parameters[0].Value);
        Assert.Equal(provider == DatabaseProvider.Sqlite ? At.UtcTicks : At, command.Parameters[1].Value);
        Assert.Equal(DBNull.Value, command.Parameters[2].Value);
    }

    private static WorkflowJournalEntry Line(Guid instanceId, string @event) =>
        new() { InstanceId = instanceId, At = At, Event = @event, ActivityId = "wait", ActivityType = "WaitForSignal" };

    /// <summary>A runtime-only context on <paramref name="provider"/>: the SQL depends on the runtime's model alone.</summary>
    private static DbContext Context(DatabaseProvider provider) => new RuntimeDbContext(TestDatabase.RuntimeContextOptions(new DatabaseOptions
    {
        Provider = provider,
        ConnectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=unused.db",
            DatabaseProvider.PostgreSql => "Host=127.0.0.1;Database=unused",
            _ => "Server=127.0.0.1;Database=unused;TrustServerCertificate=true",
        },
    }));
}
