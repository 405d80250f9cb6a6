using CallManager.Domain.Audit;
using CallManager.Domain.Persistence;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Tests.Persistence;

/// <summary>
/// On PostgreSQL the statements every request repeats are prepared on each pooled connection after their second use
/// (the server then skips parsing and planning them), unless the connection string turns it off, as behind a pooler in
/// transaction mode.
/// </summary>
public sealed class PostgreSqlPreparationTests
{
    private static async Task<List<string>> PreparedAfterThreeRunsAsync(DatabaseOptions options)
    {
        await using var db = DbContextOptionsFactory.Create(options);
        await db.Database.OpenConnectionAsync();
        for (var i = 0; i < 3; i++) await db.Set<AuditEntry>().CountAsync(e => e.Action == "call.published");
        return await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
    }

    [Fact]
    public async Task A_statement_run_again_is_prepared_on_the_server_unless_the_connection_string_turns_it_off()
    {
        using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.PostgreSql);
        var byDefault = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = database.Options.ConnectionString };
        var turnedOff = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = database.Options.ConnectionString + ";Max Auto Prepare=0" };

        Assert.Contains(await PreparedAfterThreeRunsAsync(byDefault), statement => statement.Contains("\"AuditLog\""));
        Assert.DoesNotContain(await PreparedAfterThreeRunsAsync(turnedOff), statement => statement.Contains("\"AuditLog\""));
    }
}
