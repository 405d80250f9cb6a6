using System.Text.Json;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Sqlite;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Platform;

[Collection(WebCollection.Name)]
public class RuntimeHealthTests
{
    private static async Task<JsonElement> WorkflowsCheckAsync(HttpClient client)
    {
        using var body = JsonDocument.Parse(await client.GetStringAsync("/health"));
        return body.RootElement.GetProperty("checks").GetProperty("workflows").Clone();
    }

    [Fact]
    public async Task A_fallback_from_the_group_commit_path_turns_health_Degraded_with_its_error_for_fifteen_minutes()
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient();
        Assert.Equal("Healthy", (await WorkflowsCheckAsync(client)).GetProperty("status").GetString());

        app.Services.GetRequiredService<GroupCommit>().RecordFallback(new InvalidOperationException("disk I/O error"), app.Clock.GetUtcNow());

        var degraded = await WorkflowsCheckAsync(client);
        Assert.Equal("Degraded", degraded.GetProperty("status").GetString());
        Assert.Contains("InvalidOperationException: disk I/O error", degraded.GetProperty("description").GetString());
        Assert.Equal(1, degraded.GetProperty("data").GetProperty("fallbacks").GetInt64());

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var later = await WorkflowsCheckAsync(client);
        Assert.Equal("Healthy", later.GetProperty("status").GetString());
        Assert.Equal(1, later.GetProperty("data").GetProperty("fallbacks").GetInt64());
    }
}
