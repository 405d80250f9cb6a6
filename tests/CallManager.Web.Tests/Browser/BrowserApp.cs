using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;

namespace CallManager.Web.Tests.Browser;

/// <summary>
/// The real app served by Kestrel on a free port for the browser, on a fresh SQLite database, sending its mail
/// through the outbox to a real SMTP test server.
/// </summary>
public sealed partial class BrowserApp : CallManagerApp
{
    /// <summary>The address the browser opens, e.g. <c>http://localhost:41234</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The SMTP server that receives every mail the app sends.</summary>
    public SmtpTestServer Smtp { get; }

    private BrowserApp(int port, SmtpTestServer smtp, IDictionary<string, string?> settings) : base(settings: settings)
    {
        BaseUrl = $"http://localhost:{port}";
        Smtp = smtp;
        UseKestrel(port);
    }

    /// <summary>Starts the SMTP server and the app, and waits until the app serves requests.</summary>
    public static async Task<BrowserApp> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = smtp.Port.ToString(),
            ["Mail:Smtp:Security"] = "None",
            ["Mail:Dispatcher:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var app = new BrowserApp(FreePort(), smtp, all);
        app.StartServer();
        return app;
    }

    /// <summary>The first link to <paramref name="path"/> in the next mail received by <paramref name="email"/>.</summary>
    public async Task<string> LinkFromMailAsync(string email, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var mail = Smtp.Messages.LastOrDefault(m => m.To.Mailboxes.Any(b => b.Address == email));
            var link = mail is null ? null : Links().Matches(mail.TextBody ?? "").Select(m => m.Value).FirstOrDefault(l => l.Contains(path, StringComparison.Ordinal));
            if (link is not null) return link;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No mail to {email} with a link to {path}; received: {string.Join(" | ", Smtp.Messages.Select(m => m.Subject))}");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Links();
}
