using CallManager.Testing;
using CallManager.Domain.Common;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Notifications;

public class OutboxRetryTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task When_SMTP_is_down_the_mail_stays_pending_with_the_error_and_is_delivered_once_it_is_back(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer(); // not started: connections are refused
        await using var mail = await MailHarness.CreateAsync(provider, smtp);
        var id = await mail.EnqueueAndSaveAsync(MailHarness.TestMessage());
        var start = mail.Clock.GetUtcNow();

        Assert.Equal(new DispatchResult(0, 1, 0), await mail.DispatchAsync());
        var pending = await mail.RowAsync(id);
        Assert.Equal((OutboxStatus.Pending, 1, start.AddSeconds(30)), (pending.Status, pending.Attempts, pending.NextAttemptAt));
        Assert.StartsWith("SocketException: ", pending.LastError);

        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync()); // not due before its back-off
        await smtp.StartAsync();
        mail.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(new DispatchResult(1, 0, 0), await mail.DispatchAsync());
        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync());

        var received = Assert.Single(await smtp.WaitForAsync(1));
        var sent = await mail.RowAsync(id);
        Assert.Equal((OutboxStatus.Sent, 2, (string?)null), (sent.Status, sent.Attempts, sent.LastError));
        Assert.Equal(pending.MessageId, sent.MessageId);
        Assert.Equal(sent.MessageId, received.MessageId);
    }

    [Fact]
    public async Task When_the_SMTP_server_is_unreachable_a_pass_stops_at_the_first_failure_and_the_others_keep_their_turn()
    {
        await using var smtp = new SmtpTestServer();
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp);
        var first = await mail.EnqueueAndSaveAsync(MailHarness.TestMessage(address: "first@applicant.example"));
        mail.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await mail.EnqueueAndSaveAsync(MailHarness.TestMessage(address: "second@applicant.example"));

        Assert.Equal(new DispatchResult(0, 1, 0), await mail.DispatchAsync());

        Assert.Equal((OutboxStatus.Pending, 1), ((await mail.RowAsync(first)).Status, (await mail.RowAsync(first)).Attempts));
        var untouched = await mail.RowAsync(second);
        Assert.Equal((OutboxStatus.Pending, 0, (string?)null), (untouched.Status, untouched.Attempts, untouched.LastError));
    }

    [Fact]
    public async Task The_Message_Id_is_fixed_when_the_mail_is_saved_and_reused_by_every_attempt()
    {
        await using var smtp = new SmtpTestServer();
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp);
        var id = await mail.EnqueueAndSaveAsync(MailHarness.TestMessage());
        var saved = (await mail.RowAsync(id)).MessageId;

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await mail.DispatchAsync();
            mail.Clock.Advance(TimeSpan.FromHours(1));
        }
        await smtp.StartAsync();
        await mail.DispatchAsync();

        Assert.Equal($"{id:N}@funder.example", saved);
        Assert.Equal(saved, (await mail.RowAsync(id)).MessageId);
        Assert.Equal(saved, Assert.Single(await smtp.WaitForAsync(1)).MessageId);
    }

    [Fact]
    public async Task The_delay_doubles_after_each_failure_and_the_mail_fails_after_the_last_attempt_until_an_administrator_resends_it()
    {
        await using var smtp = new SmtpTestServer();
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp,
            new Dictionary<string, string?> { ["Mail:Dispatcher:MaxAttempts"] = "3" });
        var id = await mail.EnqueueAndSaveAsync(MailHarness.TestMessage());
        var start = mail.Clock.GetUtcNow();

        await mail.DispatchAsync();
        Assert.Equal(start.AddSeconds(30), (await mail.RowAsync(id)).NextAttemptAt);
        mail.Clock.Advance(TimeSpan.FromSeconds(30));
        await mail.DispatchAsync();
        Assert.Equal(start.AddSeconds(90), (await mail.RowAsync(id)).NextAttemptAt);
        mail.Clock.Advance(TimeSpan.FromSeconds(60));
        await mail.DispatchAsync();
        var failed = await mail.RowAsync(id);
        Assert.Equal((OutboxStatus.Failed, 3), (failed.Status, failed.Attempts));
        Assert.NotNull(failed.LastError);
        mail.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync());

        var resent = await mail.InScopeAsync(sp => sp.GetRequiredService<OutboxAdministration>().ResendAsync(id));
        Assert.Equal((OutboxStatus.Pending, 0), (resent.Status, resent.Attempts));
        await smtp.StartAsync();
        Assert.Equal(new DispatchResult(1, 0, 0), await mail.DispatchAsync());
        Assert.Equal(failed.MessageId, Assert.Single(await smtp.WaitForAsync(1)).MessageId);
        var again = await Assert.ThrowsAsync<DomainException>(() => mail.InScopeAsync(sp => sp.GetRequiredService<OutboxAdministration>().ResendAsync(id)));
        Assert.Equal(DomainErrorKind.Conflict, again.Kind);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Dispatchers_running_at_once_deliver_every_mail_exactly_once(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var mail = await MailHarness.CreateAsync(provider, smtp);
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++) ids.Add(await mail.EnqueueAndSaveAsync(MailHarness.TestMessage(address: $"applicant{i}@example.org")));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(mail.DispatchAsync)));

        Assert.Equal(40, results.Sum(r => r.Sent));
        Assert.Equal(0, results.Sum(r => r.Failed));
        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync());
        await Task.Delay(200); // let a duplicate, if any, arrive before counting
        var received = smtp.Messages;
        Assert.Equal(40, received.Count);
        Assert.Equal(40, received.Select(m => m.MessageId).Distinct().Count());
        Assert.All(await mail.RowsAsync(), r => Assert.Equal((OutboxStatus.Sent, 1), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_host_is_taken_over_when_its_lease_expires()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp);
        var id = await mail.EnqueueAndSaveAsync(MailHarness.TestMessage());
        await mail.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CallManagerDbContext>();
            var row = await db.Set<OutboxMessage>().SingleAsync(m => m.Id == id);
            row.Claim("crashed-host", mail.Clock.GetUtcNow(), TimeSpan.FromMinutes(5));
            return await db.SaveChangesAsync();
        });

        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync());
        mail.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(new DispatchResult(1, 0, 0), await mail.DispatchAsync());

        Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal((OutboxStatus.Sent, 2), ((await mail.RowAsync(id)).Status, (await mail.RowAsync(id)).Attempts));
    }
}
