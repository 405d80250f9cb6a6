using System.Net;
using System.Net.Http.Json;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Web.Tests.Accounts;

/// <summary>
/// The rate limits hold in total across web hosts that share one database: the attempts are counted in the database, so
/// requests split between two hosts are refused past the limit even though neither host alone reached it.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SharedRateLimitTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create(DatabaseProvider.PostgreSql);
    private CallManagerApp _a = null!;
    private CallManagerApp _b = null!;

    public async Task InitializeAsync()
    {
        _a = new CallManagerApp(database: _database, settings: Limits());
        _b = new CallManagerApp(database: _database, settings: Limits());
        _ = _a.Services; // migrates the database before the second host starts
        _ = _b.Services;
        await _a.CreateUserAsync("lea@asso.example", Roles.Applicant);
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_client_split_between_two_hosts_stop_at_the_limit_in_total()
    {
        using var a = _a.CreateClient();
        using var b = _b.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var response = await (i % 2 == 0 ? a : b).PostAsJsonAsync("/api/auth/login", new { email = $"nobody{i}@asso.example", password = "wrong-password-1" });
            statuses.Add(response.StatusCode);
        }

        // 5 allowed in total: each host saw 4, under a per-host limit of 5, so only a shared count refuses the last three.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);
        await using var db = _database.NewContext();
        Assert.Equal(8, await db.Set<RateLimitCounter>().MaxAsync(c => c.Count)); // the client's row counted every attempt, refused ones too
    }

    [Fact]
    public async Task Reset_requests_naming_one_account_split_between_two_hosts_stop_at_the_account_limit()
    {
        using var a = _a.CreateClient();
        using var b = _b.CreateClient();

        var first = await a.PostAsJsonAsync("/api/auth/forgotPassword", new { email = "lea@asso.example" });
        var second = await b.PostAsJsonAsync("/api/auth/forgotPassword", new { email = "lea@asso.example" });
        var third = await a.PostAsJsonAsync("/api/auth/forgotPassword", new { email = "LEA@asso.example" });
        var other = await b.PostAsJsonAsync("/api/auth/forgotPassword", new { email = "tom@asso.example" });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            new[] { first.StatusCode, second.StatusCode, third.StatusCode, other.StatusCode });
        Assert.InRange(third.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 3500, 3600);
    }

    [Fact]
    public async Task A_window_that_has_passed_counts_again_from_one()
    {
        using var a = _a.CreateClient();
        using var b = _b.CreateClient();
        for (var i = 0; i < 5; i++) await a.PostAsJsonAsync("/api/auth/login", new { email = $"nobody{i}@asso.example", password = "wrong-password-1" });
        Assert.Equal(HttpStatusCode.TooManyRequests, (await b.PostAsJsonAsync("/api/auth/login", new { email = "x@asso.example", password = "wrong-password-1" })).StatusCode);

        _a.Clock.Advance(TimeSpan.FromMinutes(16));
        _b.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(HttpStatusCode.Unauthorized, (await b.PostAsJsonAsync("/api/auth/login", new { email = "x@asso.example", password = "wrong-password-1" })).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private static Dictionary<string, string?> Limits() => new()
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:SignIn:PerClient"] = "5",
        ["RateLimits:SignIn:PerAccount"] = "10",
        ["RateLimits:SignIn:Window"] = "00:15:00",
        ["RateLimits:PasswordReset:PerAccount"] = "2",
        ["RateLimits:PasswordReset:Window"] = "01:00:00",
    };
}
