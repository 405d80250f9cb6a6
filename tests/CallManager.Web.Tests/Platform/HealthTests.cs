using System.Net;
using System.Text.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Persistence;

namespace CallManager.Web.Tests.Platform;

[Collection(WebCollection.Name)]
public class HealthTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Health_reports_the_database_and_the_job_storage_as_healthy(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("jobs").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_is_served()
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", body.RootElement.GetProperty("openapi").GetString());
    }

    [Fact]
    public async Task The_Hangfire_dashboard_answers_on_loopback_before_any_administrator_exists()
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient();

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
