using CallManager.Domain.Persistence;
using CallManager.Runtime.Storage;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>
/// The runtime's storage contract: its tests run on <see cref="RuntimeDbContext"/>, so that context must map the runtime's
/// tables exactly as the application's context (and so its migrations) does, and hold nothing else. Nothing connects.
/// </summary>
public sealed class RuntimeStorageTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void The_runtime_only_context_maps_the_runtime_tables_as_the_application_context_does(DatabaseProvider provider)
    {
        var options = Options(provider);
        using var runtime = new RuntimeDbContext(TestDatabase.RuntimeContextOptions(options));
        using var application = DbContextOptionsFactory.Create(options);

        var runtimeTables = Describe(runtime.GetService<IDesignTimeModel>().Model, _ => true);
        var applicationTables = Describe(application.GetService<IDesignTimeModel>().Model, e => e.ClrType.Assembly == RuntimeStorage.ModelAssembly);

        Assert.Equal(["WorkflowBookmarks", "WorkflowDefinitionVersions", "WorkflowIncidents", "WorkflowInstances", "WorkflowJournal", "WorkflowOutbox", "WorkflowStimuli"],
            runtimeTables.Keys.Order());
        Assert.Equal(applicationTables, runtimeTables);
    }

    [Fact]
    public void The_runtime_only_context_holds_no_account_audit_or_stage_table()
    {
        using var runtime = new RuntimeDbContext(TestDatabase.RuntimeContextOptions(Options(DatabaseProvider.Sqlite)));

        Assert.All(runtime.Model.GetEntityTypes(), e => Assert.Equal(RuntimeStorage.ModelAssembly, e.ClrType.Assembly));
    }

    /// <summary>Each table with its columns (store type, nullability, concurrency token), keys and indexes (with filters), as text.</summary>
    private static SortedDictionary<string, string> Describe(IModel model, Func<IEntityType, bool> include) => new(model.GetEntityTypes().Where(include)
        .ToDictionary(e => e.GetTableName()!, e => string.Join("\n",
            e.GetProperties().Select(p => $"{p.GetColumnName()} {p.GetColumnType()} null={p.IsNullable} token={p.IsConcurrencyToken}").Order()
                .Concat(e.GetKeys().Select(k => "key " + string.Join(",", k.Properties.Select(p => p.Name))))
                .Concat(e.GetIndexes().Select(i => $"index {string.Join(",", i.Properties.Select(p => p.Name))} unique={i.IsUnique} filter={i.GetFilter()}").Order()))),
        StringComparer.Ordinal);

    private static DatabaseOptions Options(DatabaseProvider provider) => new()
    {
        Provider = provider,
        ConnectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=unused.db",
            DatabaseProvider.PostgreSql => "Host=127.0.0.1;Database=unused",
            _ => "Server=127.0.0.1;Database=unused;TrustServerCertificate=true",
        },
    };
}
