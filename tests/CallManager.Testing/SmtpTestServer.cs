using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CallManager.Testing;

/// <summary>
/// A real SMTP server on 127.0.0.1 for tests (the SmtpServer package): it accepts every message and keeps it,
/// parsed with MimeKit. <see cref="StopAsync"/> and <see cref="StartAsync"/> simulate an outage on the same port.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private CancellationTokenSource? _cts;
    private Task? _running;

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; } = FreePort();

    /// <summary>When set, a message it matches is refused with a transient "451" (and not kept), as a busy server would.</summary>
    public Func<MimeMessage, bool>? RefuseWhen { get; set; }

    /// <summary>Every message received so far, in arrival order.</summary>
    public IReadOnlyList<MimeMessage> Messages => _messages.ToArray();

    /// <summary>Starts (or restarts) listening.</summary>
    public async Task StartAsync()
    {
        if (_running is not null) return;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(_messages, this));
        services.Add(new NoDelayListenerFactory());
        var server = new SmtpServer.SmtpServer(options, services);
        _cts = new CancellationTokenSource();
        _running = server.StartAsync(_cts.Token);
        await WaitUntilListeningAsync();
    }

    /// <summary>Stops listening: clients now get "connection refused".</summary>
    public async Task StopAsync()
    {
        if (_running is null) return;
        _cts!.Cancel();
        try { await _running; } catch (OperationCanceledException) { }
        _running = null;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (_messages.Count < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Expected {count} message(s), received {_messages.Count}.");
            await Task.Delay(20);
        }
        return Messages;
    }

    /// <summary>Forgets the messages received so far.</summary>
    public void Clear() => _messages.Clear();

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitUntilListeningAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
        throw new InvalidOperationException($"SMTP test server did not listen on port {Port}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A real MTA answers pipelined commands in one write; this server flushes each reply, and with Nagle's algorithm and the
    /// client's delayed ACK every mail would wait ~80 ms on 127.0.0.1. NoDelay on the listening socket (inherited by the accepted
    /// ones) removes that artefact; the library keeps the listener private, hence the reflection.
    /// </summary>
    private sealed class NoDelayListenerFactory : SmtpServer.Net.EndpointListenerFactory
    {
        public override SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = base.CreateListener(endpointDefinition);
            var field = listener.GetType().GetField("_tcpListener", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
            if (field?.GetValue(listener) is TcpListener tcp) tcp.Server.NoDelay = true;
            return listener;
        }
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages, SmtpTestServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (server.RefuseWhen?.Invoke(message) == true) return new SmtpResponse((SmtpReplyCode)451, "Requested action aborted: try again later");
            messages.Enqueue(message);
            return SmtpResponse.Ok;
        }
    }
}
