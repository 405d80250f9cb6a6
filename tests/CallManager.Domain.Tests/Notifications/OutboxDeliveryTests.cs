using CallManager.Testing;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CallManager.Domain.Tests.Notifications;

public class OutboxDeliveryTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "en", "Test message from CallManager: Welcome", "This is a test message")]
    [InlineData(DatabaseProvider.PostgreSql, "fr", "Message de test de CallManager : Welcome", "Ceci est un message de test")]
    public async Task A_saved_mail_reaches_the_SMTP_server_with_its_recipient_subject_and_language(
        DatabaseProvider provider, string language, string subject, string bodyStart)
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var mail = await MailHarness.CreateAsync(provider, smtp);

        var id = await mail.EnqueueAndSaveAsync(MailHarness.TestMessage(language, subject: "Welcome"));
        var result = await mail.DispatchAsync();

        Assert.Equal(new DispatchResult(1, 0, 0), result);
        var received = Assert.Single(await smtp.WaitForAsync(1));
        var to = Assert.Single(received.To.Mailboxes);
        Assert.Equal(("ada@applicant.example", "Ada Lovelace"), (to.Address, to.Name));
        Assert.Equal("calls@funder.example", Assert.Single(received.From.Mailboxes).Address);
        Assert.Equal(subject, received.Subject);
        Assert.Equal(language, received.Body?.Headers[HeaderId.ContentLanguage]);
        Assert.StartsWith(language == "en" ? "Hello Ada," : "Bonjour Ada,", received.TextBody);
        Assert.Contains(bodyStart, received.TextBody);
        Assert.Contains(bodyStart, received.HtmlBody);
        var row = await mail.RowAsync(id);
        Assert.Equal((OutboxStatus.Sent, 1, mail.Clock.GetUtcNow()), (row.Status, row.Attempts, row.SentAt));
        Assert.Equal(row.MessageId, received.MessageId);
    }

    [Fact]
    public async Task A_mail_is_saved_only_when_the_caller_saves()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp);

        await mail.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IMailOutbox>().EnqueueAsync(MailHarness.TestMessage());
            return 0; // the unit of work ends without SaveChanges
        });

        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync());
        Assert.Empty(await mail.RowsAsync());
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task A_mail_whose_transaction_is_rolled_back_is_never_sent()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp);

        await mail.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CallManagerDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await sp.GetRequiredService<IMailOutbox>().EnqueueAsync(MailHarness.TestMessage());
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        });

        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync());
        Assert.Empty(await mail.RowsAsync());
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Without_an_SMTP_host_the_mail_is_written_as_a_readable_eml_file_in_the_pickup_directory()
    {
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp: null);

        var id = await mail.EnqueueAndSaveAsync(MailHarness.TestMessage("fr", subject: "Bienvenue"));
        Assert.Equal(new DispatchResult(1, 0, 0), await mail.DispatchAsync());

        var file = Assert.Single(Directory.GetFiles(mail.PickupDirectory));
        Assert.EndsWith(".eml", file);
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("Message de test de CallManager : Bienvenue", message.Subject);
        Assert.Equal("ada@applicant.example", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal((await mail.RowAsync(id)).MessageId, message.MessageId);
        Assert.StartsWith("Bonjour Ada,", message.TextBody);
    }

    [Fact]
    public async Task The_sender_and_HTML_body_are_encoded_safely_and_a_pre_rendered_mail_is_sent_as_given()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp);

        await mail.EnqueueAndSaveAsync(new TemplatedMail("test-message", "en", [new MailRecipient("bob@applicant.example")],
            new { Body = "<script>x</script>" }));
        await mail.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<IMailOutbox>().Enqueue(new RenderedMail([new MailRecipient("eve@jury.example", "Eve")], "Jury convened", "See you on Monday.", Kind: "jury-notice", Language: "en"));
            return await sp.GetRequiredService<CallManagerDbContext>().SaveChangesAsync();
        });
        await mail.DispatchAsync();

        var received = await smtp.WaitForAsync(2);
        var templated = received.Single(m => m.To.Mailboxes.Single().Address == "bob@applicant.example");
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", templated.HtmlBody);
        Assert.Contains("<script>x</script>", templated.TextBody);
        var custom = received.Single(m => m.To.Mailboxes.Single().Address == "eve@jury.example");
        Assert.Equal(("Jury convened", "See you on Monday.", "jury-notice"), (custom.Subject, custom.TextBody, custom.Headers["X-CallManager-Kind"]));
    }
}
