using CallManager.Testing;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Notifications;

/// <summary>Batch sending: a failed save of outcomes is retried (no second delivery), SMTP refusals mid-batch, one claim per row across dispatchers.</summary>
public class OutboxBatchTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_mail_the_server_accepted_is_not_sent_again_when_the_first_save_of_its_outcome_fails(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        var fault = new FailOutcomeSaves(failures: 1);
        await using var mail = await MailHarness.CreateAsync(provider, smtp, configure: s => s.AddSingleton<IInterceptor>(fault));
        for (var i = 0; i < 3; i++) await mail.EnqueueAndSaveAsync(MailHarness.TestMessage(address: $"applicant{i}@example.org"));

        Assert.Equal(new DispatchResult(3, 0, 0), await mail.DispatchAsync());

        Assert.Equal(1, fault.Thrown);
        Assert.Equal(3, (await smtp.WaitForAsync(3)).Count);
        Assert.All(await mail.RowsAsync(), r => Assert.Equal((OutboxStatus.Sent, 1), (r.Status, r.Attempts)));
        mail.Clock.Advance(TimeSpan.FromMinutes(10)); // well past the lease a failed save used to leave behind
        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync());
        await Task.Delay(200); // let a duplicate, if any, arrive before counting
        Assert.Equal(3, smtp.Messages.Count);
    }

    [Fact]
    public async Task When_no_save_of_the_outcome_succeeds_the_mail_is_sent_again_after_the_lease_with_the_same_Message_Id()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        var fault = new FailOutcomeSaves(failures: OutboxDispatcher.OutcomeSaveAttempts);
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp, configure: s => s.AddSingleton<IInterceptor>(fault));
        var id = await mail.EnqueueAndSaveAsync(MailHarness.TestMessage());

        await Assert.ThrowsAsync<InvalidOperationException>(mail.DispatchAsync); // the pass fails as a crash after the send would
        Assert.Equal(OutboxDispatcher.OutcomeSaveAttempts, fault.Thrown);
        Assert.Equal(OutboxStatus.Sending, (await mail.RowAsync(id)).Status);
        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync()); // still under its lease
        mail.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(new DispatchResult(1, 0, 0), await mail.DispatchAsync());

        var received = await smtp.WaitForAsync(2);
        Assert.Equal(2, received.Count);
        Assert.Single(received.Select(m => m.MessageId).Distinct());
        var row = await mail.RowAsync(id);
        Assert.Equal((OutboxStatus.Sent, 2, row.MessageId), (row.Status, row.Attempts, received[0].MessageId));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_refusal_mid_batch_is_retried_with_back_off_while_the_mails_before_and_after_it_are_recorded_as_sent(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer { RefuseWhen = m => m.To.Mailboxes.Single().Address == "applicant2@example.org" };
        await smtp.StartAsync();
        await using var mail = await MailHarness.CreateAsync(provider, smtp);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await mail.EnqueueAndSaveAsync(MailHarness.TestMessage(address: $"applicant{i}@example.org")));
            mail.Clock.Advance(TimeSpan.FromMilliseconds(10)); // a defined sending order
        }
        var now = mail.Clock.GetUtcNow();

        Assert.Equal(new DispatchResult(4, 1, 0), await mail.DispatchAsync());

        Assert.Equal(["applicant0@example.org", "applicant1@example.org", "applicant3@example.org", "applicant4@example.org"],
            (await smtp.WaitForAsync(4)).Select(m => m.To.Mailboxes.Single().Address).ToArray());
        var refused = await mail.RowAsync(ids[2]);
        Assert.Equal((OutboxStatus.Pending, 1, now.AddSeconds(30)), (refused.Status, refused.Attempts, refused.NextAttemptAt));
        Assert.Equal("SmtpCommandException: Requested action aborted: try again later", refused.LastError);
        foreach (var id in ids.Where(i => i != ids[2])) Assert.Equal(OutboxStatus.Sent, (await mail.RowAsync(id)).Status);

        smtp.RefuseWhen = null;
        mail.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(new DispatchResult(1, 0, 0), await mail.DispatchAsync());
        Assert.Equal(refused.MessageId, (await smtp.WaitForAsync(5))[4].MessageId);
    }

    [Fact]
    public async Task A_pass_claims_at_most_a_batch_in_one_commit_and_sends_it_over_one_connection()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        var commits = new CountOutboxWrites();
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp,
            new Dictionary<string, string?> { ["Mail:Dispatcher:BatchSize"] = "20" }, s => s.AddSingleton<IInterceptor>(commits));
        for (var i = 0; i < 30; i++) await mail.EnqueueAndSaveAsync(MailHarness.TestMessage(address: $"applicant{i}@example.org"));
        commits.Reset();

        Assert.Equal(new DispatchResult(20, 0, 0), await mail.DispatchAsync());
        Assert.Equal((1, 1), (commits.Updates, commits.Saves)); // one claiming UPDATE, one save of the 20 outcomes
        Assert.Equal(new DispatchResult(10, 0, 0), await mail.DispatchAsync());
        Assert.Equal(30, (await smtp.WaitForAsync(30)).Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task On_PostgreSQL_a_pass_skips_the_rows_another_host_is_claiming_and_takes_the_next_ones_without_waiting()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.PostgreSql, smtp, new Dictionary<string, string?> { ["Mail:Dispatcher:BatchSize"] = "20" });
        for (var i = 0; i < 40; i++)
        {
            await mail.EnqueueAndSaveAsync(MailHarness.TestMessage(address: $"applicant{i}@example.org"));
            mail.Clock.Advance(TimeSpan.FromMilliseconds(10)); // a defined order: the first 20 are the oldest due
        }
        // Another host in the middle of claiming the 20 oldest rows holds their row locks.
        await using var other = new Npgsql.NpgsqlConnection(mail.Database.Options.ConnectionString);
        await other.OpenAsync();
        await using var claiming = await other.BeginTransactionAsync();
        var locked = new List<Guid>();
        await using (var command = new Npgsql.NpgsqlCommand("SELECT \"Id\" FROM \"OutboxMessages\" ORDER BY \"NextAttemptAt\" LIMIT 20 FOR UPDATE", other, claiming))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) locked.Add(reader.GetGuid(0));

        Assert.Equal(new DispatchResult(20, 0, 0), await mail.DispatchAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        var rows = await mail.RowsAsync();
        Assert.All(rows.Where(r => locked.Contains(r.Id)), r => Assert.Equal(OutboxStatus.Pending, r.Status));
        Assert.All(rows.Where(r => !locked.Contains(r.Id)), r => Assert.Equal(OutboxStatus.Sent, r.Status));

        await claiming.RollbackAsync(); // that host gave up: the rows are due for anyone
        Assert.Equal(new DispatchResult(20, 0, 0), await mail.DispatchAsync());
        Assert.Equal(40, (await smtp.WaitForAsync(40)).Select(m => m.MessageId).Distinct().Count());
    }

    /// <summary>Throws from the first <paramref name="failures"/> saves that record a mail as sent, as a lost database connection would.</summary>
    private sealed class FailOutcomeSaves(int failures) : SaveChangesInterceptor
    {
        private int _seen, _thrown;

        public int Thrown => Volatile.Read(ref _thrown);

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            var recordsSent = eventData.Context!.ChangeTracker.Entries<OutboxMessage>()
                .Any(e => e.State == EntityState.Modified && e.Entity.Status == OutboxStatus.Sent);
            if (!recordsSent || Interlocked.Increment(ref _seen) > failures) return ValueTask.FromResult(result);
            Interlocked.Increment(ref _thrown);
            throw new InvalidOperationException("injected: the database connection was lost");
        }
    }

    /// <summary>Counts the UPDATE commands run outside SaveChanges (the claims) and the SaveChanges calls touching outbox rows.</summary>
    private sealed class CountOutboxWrites : SaveChangesInterceptor, IDbCommandInterceptor
    {
        private int _updates, _saves;

        public int Updates => Volatile.Read(ref _updates);
        public int Saves => Volatile.Read(ref _saves);

        public void Reset() => (_updates, _saves) = (0, 0);

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Modified)) Interlocked.Increment(ref _saves);
            return ValueTask.FromResult(result);
        }

        public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(System.Data.Common.DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) && command.CommandText.Contains("OutboxMessages"))
                Interlocked.Increment(ref _updates);
            return ValueTask.FromResult(result);
        }
    }
}
