using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Notifications;

[Collection(WebCollection.Name)]
public class OutboxApiTests
{
    private static readonly Dictionary<string, string?> NoDispatcher = new() { ["Mail:Dispatcher:Enabled"] = "false" };

    [Fact]
    public async Task An_administrator_lists_the_failed_mails_and_resends_one()
    {
        await using var app = new CallManagerApp(settings: NoDispatcher);
        var failed = await AddFailedMailAsync(app);
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/outbox?status=Failed");
        var resend = await admin.PostAsync($"/api/outbox/{failed}/resend", null);

        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal((failed.ToString(), "Failed", "SocketException: Connection refused"),
            (item.GetProperty("id").GetString(), item.GetProperty("status").GetString(), item.GetProperty("lastError").GetString()));
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        var resent = await resend.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Pending", 0), (resent.GetProperty("status").GetString(), resent.GetProperty("attempts").GetInt32()));
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/outbox?status=Failed")).EnumerateArray());
    }

    [Fact]
    public async Task Resending_a_mail_that_did_not_fail_or_does_not_exist_is_refused()
    {
        await using var app = new CallManagerApp(settings: NoDispatcher);
        var failed = await AddFailedMailAsync(app);
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        await admin.PostAsync($"/api/outbox/{failed}/resend", null);

        var twice = await admin.PostAsync($"/api/outbox/{failed}/resend", null);
        var unknown = await admin.PostAsync($"/api/outbox/{Guid.NewGuid()}/resend", null);
        var badStatus = await admin.GetAsync("/api/outbox?status=Lost");

        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("Only a failed mail can be resent", await twice.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Fact]
    public async Task The_outbox_is_for_administrators_only()
    {
        await using var app = new CallManagerApp(settings: NoDispatcher);
        using var applicant = await app.ClientAsAsync("ada@applicant.example", Roles.Applicant);
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync("/api/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/outbox/{Guid.NewGuid()}/resend", null)).StatusCode);
    }

    [Fact]
    public async Task The_web_host_dispatcher_delivers_saved_mails_to_the_SMTP_server_and_health_reports_the_outbox()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(settings: new Dictionary<string, string?>
        {
            ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = smtp.Port.ToString(), ["Mail:Smtp:Security"] = "None",
            ["Mail:Dispatcher:PollInterval"] = "00:00:00.200",
        });
        using var client = app.CreateClient();
        await AddFailedMailAsync(app);

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMailOutbox>().EnqueueAsync(
                new TemplatedMail("test-message", "fr", [new MailRecipient("ada@applicant.example")], null));
            await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().SaveChangesAsync();
        }

        var received = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("Message de test de CallManager", received.Subject);
        using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));
        var mail = health.RootElement.GetProperty("checks").GetProperty("mail");
        Assert.Equal("Healthy", mail.GetProperty("status").GetString());
        Assert.Equal(1, mail.GetProperty("data").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Registering_an_account_mails_the_confirmation_link_through_the_outbox()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(settings: new Dictionary<string, string?>
        {
            ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = smtp.Port.ToString(), ["Mail:Smtp:Security"] = "None",
            ["Mail:Dispatcher:PollInterval"] = "00:00:00.200",
        });
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = "ada@applicant.example", password = "Correct-Horse-42" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(("Confirmez votre adresse pour CallManager", "ada@applicant.example"), (received.Subject, received.To.Mailboxes.Single().Address));
        Assert.Contains("/api/auth/confirmEmail?userId=", received.TextBody);
    }

    /// <summary>A mail whose every attempt failed, made through the domain methods the dispatcher uses.</summary>
    private static async Task<Guid> AddFailedMailAsync(CallManagerApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var id = scope.ServiceProvider.GetRequiredService<IMailOutbox>().Enqueue(
            new RenderedMail([new MailRecipient("bob@applicant.example")], "Receipt", "Received.", Kind: "submission-receipt"));
        var row = (OutboxMessage)db.ChangeTracker.Entries<OutboxMessage>().Single().Entity;
        row.Claim("test", app.Clock.GetUtcNow(), TimeSpan.FromMinutes(5));
        row.RecordFailure("SocketException: Connection refused", retryAt: null);
        await db.SaveChangesAsync();
        return id;
    }
}
