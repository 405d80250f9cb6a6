using System.Text.Json.Nodes;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using CallManager.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallManager.Web.Tests.Hosting;

/// <summary>
/// A request that loses a race for a unique key (two hosts staging the same reserve rank between their checks and their
/// saves) gets a 409 saying to reload and try again, not a 500: the database's own refusal, on each provider.
/// </summary>
public class UniqueRaceRefusalTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_unique_key_lost_to_a_concurrent_request_is_a_409_with_what_to_do(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var refused = await UniqueViolationAsync(database);
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();

        Assert.True(await Handler().TryHandleAsync(http, refused, default));

        Assert.Equal(StatusCodes.Status409Conflict, http.Response.StatusCode);
        http.Response.Body.Position = 0;
        var problem = JsonNode.Parse(http.Response.Body)!;
        Assert.Contains("Reload the page and apply your change again", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Other_database_failures_are_not_dressed_up_as_conflicts() =>
        Assert.False(await Handler().TryHandleAsync(new DefaultHttpContext(), new DbUpdateException("disk full", new IOException("disk full")), default));

    private static DomainExceptionHandler Handler() =>
        new(new ServiceCollection().AddOptions().AddProblemDetails().BuildServiceProvider().GetRequiredService<IProblemDetailsService>(), NullLogger<DomainExceptionHandler>.Instance);

    /// <summary>The database's refusal of a second row with a taken unique key (a workflow instance's start key).</summary>
    private static async Task<DbUpdateException> UniqueViolationAsync(TestDatabase database)
    {
        static WorkflowInstance Instance() => new()
        {
            Id = Guid.NewGuid(), DefinitionId = "d", DefinitionVersionId = Guid.NewGuid(), StartKey = "d|same", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = database.NewContext())
        {
            db.Add(Instance());
            await db.SaveChangesAsync();
        }
        await using var second = database.NewContext();
        second.Add(Instance());
        return await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
    }
}
