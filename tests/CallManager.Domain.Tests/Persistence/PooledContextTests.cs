using CallManager.Domain.Audit;
using CallManager.Domain.Hosting;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Persistence;

/// <summary>
/// Contexts are pooled: one that goes back with its connection still counted as open hands that connection to every later
/// scope, which then holds a pooled connection for its whole life. Under a deadline rush on PostgreSQL that emptied the
/// connection pool (every request holding one while its workflow start waited for another).
/// </summary>
public sealed class PooledContextTests
{
    [Theory]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task After_a_workflow_step_every_later_scope_closes_its_connection_after_each_query(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Audit:ChainKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Audit:HeadFolder"] = Path.Combine(Path.GetTempPath(), "cm-tests", Guid.NewGuid().ToString("N"), "heads"),
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddCallManagerCore(database.Options, configuration).BuildServiceProvider();

        // A step's unit of work opens its connection once for the whole attempt; this one ends in an error (no such definition).
        await using (var scope = services.CreateAsyncScope())
            await Assert.ThrowsAsync<Common.DomainException>(() => scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().StartAsync(new StartRequest("no-such-definition")));

        var states = new List<System.Data.ConnectionState>();
        for (var i = 0; i < 3; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
            await db.Set<AuditEntry>().CountAsync();
            states.Add(db.Database.GetDbConnection().State);
        }

        Assert.All(states, state => Assert.Equal(System.Data.ConnectionState.Closed, state));
    }
}
