using System.Net;
using System.Net.Sockets;
using CallManager.Web.Tests.Infrastructure;

namespace CallManager.Web.Tests.Browser;

/// <summary>The real app served by Kestrel on a free port of 127.0.0.1 for the browser, on a fresh SQLite database.</summary>
public sealed class BrowserApp : CallManagerApp
{
    /// <summary>The address the browser opens, e.g. <c>http://localhost:41234</c>.</summary>
    public string BaseUrl { get; }

    private BrowserApp(int port, IDictionary<string, string?>? settings) : base(settings: settings)
    {
        BaseUrl = $"http://localhost:{port}";
        UseKestrel(port);
    }

    /// <summary>Starts the app and waits until it serves requests.</summary>
    public static BrowserApp Start(IDictionary<string, string?>? settings = null)
    {
        var app = new BrowserApp(FreePort(), settings);
        app.StartServer();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
