using System.Text.Json;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Notifications;

/// <summary>The dispatcher as the web host runs it: woken by committed mail, and seen by /health when the SMTP server is unreachable.</summary>
[Collection(WebCollection.Name)]
public class MailDispatcherHostTests
{
    [Fact]
    public async Task The_dispatcher_sends_mail_when_its_transaction_commits_without_waiting_for_its_poll()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(settings: SmtpSettings(smtp, pollInterval: "01:00:00")); // only the wake-up can send in time
        using var client = app.CreateClient();

        await EnqueueAsync(app, "ada@applicant.example");
        Assert.Equal("ada@applicant.example", Assert.Single(await smtp.WaitForAsync(1)).To.Mailboxes.Single().Address);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<IMailOutbox>().EnqueueAsync(MailTo("bob@applicant.example"));
            await db.SaveChangesAsync();
            await Task.Delay(300);
            Assert.Single(smtp.Messages); // not committed yet
            await transaction.CommitAsync();
        }
        var received = await smtp.WaitForAsync(2);
        Assert.Equal("bob@applicant.example", received[1].To.Mailboxes.Single().Address);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Health_is_degraded_with_the_error_once_the_SMTP_server_has_refused_connections_for_the_configured_time_and_healthy_when_mail_flows_again(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer(); // not started: its port refuses connections
        var settings = SmtpSettings(smtp, pollInterval: "00:00:00.100");
        settings["Mail:Dispatcher:UnhealthyAfter"] = "00:01:00";
        settings["Mail:Dispatcher:FirstRetryDelay"] = "00:10:00"; // no retry while the outage is watched
        await using var app = new CallManagerApp(provider, settings: settings);
        using var client = app.CreateClient();

        var id = await EnqueueAsync(app, "ada@applicant.example");
        await WaitUntilAsync(async () => (await RowAsync(app, id)).LastError is not null);
        Assert.Equal("Healthy", (await MailHealthAsync(client)).Status); // a short outage is retried quietly
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("Healthy", (await MailHealthAsync(client)).Status);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var degraded = await MailHealthAsync(client);
        Assert.Equal("Degraded", degraded.Status);
        Assert.Contains("mail server unreachable for 60 s", degraded.Description);
        Assert.Contains("SocketException: Connection refused", degraded.Description);
        Assert.Contains("1 pending", degraded.Description);

        await smtp.StartAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(9)); // the retry falls due
        Assert.Single(await smtp.WaitForAsync(1, TimeSpan.FromSeconds(15)));
        await WaitUntilAsync(async () => (await MailHealthAsync(client)).Status == "Healthy");
        await WaitUntilAsync(async () => (await RowAsync(app, id)).Status == OutboxStatus.Sent); // the outcome is saved just after the delivery
    }

    private static Dictionary<string, string?> SmtpSettings(SmtpTestServer smtp, string pollInterval) => new()
    {
        ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = smtp.Port.ToString(), ["Mail:Smtp:Security"] = "None",
        ["Mail:Smtp:Timeout"] = "00:00:05", ["Mail:Dispatcher:PollInterval"] = pollInterval,
    };

    private static TemplatedMail MailTo(string address) => new("test-message", "en", [new MailRecipient(address)], null);

    private static async Task<Guid> EnqueueAsync(CallManagerApp app, string address)
    {
        using var scope = app.Services.CreateScope();
        var id = await scope.ServiceProvider.GetRequiredService<IMailOutbox>().EnqueueAsync(MailTo(address));
        await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().SaveChangesAsync();
        return id;
    }

    private static async Task<OutboxMessage> RowAsync(CallManagerApp app, Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private static async Task<(string Status, string Description)> MailHealthAsync(HttpClient client)
    {
        using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));
        var mail = health.RootElement.GetProperty("checks").GetProperty("mail");
        return (mail.GetProperty("status").GetString()!, mail.GetProperty("description").GetString() ?? "");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold within 15 s.");
            await Task.Delay(50);
        }
    }
}
